package io.reelay.api.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.reelay.api.query.ListParameters;
import io.reelay.api.query.RequestListService;
import io.reelay.api.security.Caller;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/requests}: the parameters checked (400 with the fields' errors), then the list of every instance. */
@ApplicationScoped
class RequestListing {

    private final RequestListService lists;

    RequestListing(RequestListService lists) {
        this.lists = lists;
    }

    Uni<Response> list(String status, String tenant, String model, String limit, String after, Caller caller) {
        ListParameters parameters = ListParameters.parse(status, tenant, model, limit, after);
        if (!parameters.ok()) {
            return Uni.createFrom().item(ApiProblem.invalid("invalid list parameters", parameters.errors()));
        }
        return lists.list(parameters, caller).map(page -> Response.ok(page).build());
    }
}
