package io.reelay.api.rest;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.reelay.api.RequestView;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error in the envelope TokenLab and /v1/models use, {"error":{"message","type","code","param"}}, with the
 * broken rules when a request is refused.
 */
public record ApiProblem(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String message, String type, String code, String param,
            @JsonProperty("validation_errors") List<RequestView.FieldError> validationErrors) {
    }

    static Response invalid(String message, List<RequestView.FieldError> errors) {
        return response(Response.Status.BAD_REQUEST, new Body(message, "invalid_request_error", "invalid_request", null,
                errors == null || errors.isEmpty() ? null : errors));
    }

    static Response notFound(String requestId, Duration retention) {
        return response(Response.Status.NOT_FOUND, new Body("request " + requestId + " is not known: not received "
                + "(yet), or finished more than " + retention + " ago", "not_found_error", "request_not_found",
                "id", null));
    }

    static Response conflict(String message, String code) {
        return response(Response.Status.CONFLICT, new Body(message, "conflict_error", code, "id", null));
    }

    static Response unavailable(String reason, Duration retryAfter) {
        return Response.fromResponse(response(Response.Status.SERVICE_UNAVAILABLE,
                new Body("cannot answer right now: " + reason, "unavailable_error", "state_unavailable", null, null)))
                .header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000)).build();
    }

    static Response unauthorized(String message) {
        return Response.fromResponse(response(Response.Status.UNAUTHORIZED,
                new Body(message, "authentication_error", "invalid_api_key", null, null)))
                .header("WWW-Authenticate", "Bearer realm=\"reelay\"").build();
    }

    static Response forbidden(String message) {
        return response(Response.Status.FORBIDDEN, new Body(message, "permission_error", "forbidden", null, null));
    }

    static Response unpublished(String message) {
        return response(Response.Status.SERVICE_UNAVAILABLE,
                new Body(message, "unavailable_error", "not_published", null, null));
    }

    private static Response response(Response.Status status, Body body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiProblem(body)).build();
    }
}
