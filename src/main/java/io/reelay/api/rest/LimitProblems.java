package io.reelay.api.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The API's other refusals in its error envelope: a spent stream budget (429), and every HTTP error the framework
 * raises on /v1/* (unknown path, wrong method or media type, unreadable body), with nothing of the request quoted.
 */
public class LimitProblems {

    @ServerExceptionMapper
    public Response tooManyStreams(StreamLimitException e) {
        return ApiProblem.tooMany(e.getMessage(), "too_many_streams", e.retryAfter());
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, HttpServerRequest request) {
        if (!RequestPaths.api(request.path())) {
            return e.getResponse();
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return ApiProblem.status(status);
    }
}
