package io.reelay.api.rest;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.reelay.api.RequestView;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every error the HTTP API answers on /v1/* (requests and models alike), in the envelope TokenLab uses,
 * {"error":{"message","type","code","param"}}, so a client of both parses one shape; a refused request also lists
 * the rules it broke ({@code validation_errors}). Absent members are left out. Messages are capped at
 * {@link #MAX_MESSAGE} characters, whatever they quote.
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

    /** Longest message an answer carries, whatever it quotes. */
    static final int MAX_MESSAGE = 1000;

    /** 400: a query parameter has a value the API does not know. */
    static Response invalidValue(String message, String param) {
        return response(Response.Status.BAD_REQUEST, new Body(message, "invalid_request_error", "invalid_value", param,
                null));
    }

    /** 404: no model in the catalog matches; {@code param} names the parameter that did not match. */
    static Response modelNotFound(String message, String param) {
        return response(Response.Status.NOT_FOUND, new Body(message, "not_found_error", "model_not_found", param,
                null));
    }

    static Response notFound(String requestId, Duration retention, int echoChars) {
        return response(Response.Status.NOT_FOUND, new Body("request " + Echo.cap(requestId, echoChars)
                + " is not known: not received "
                + "(yet), or finished more than " + retention + " ago", "not_found_error", "request_not_found",
                "id", null));
    }

    static Response subscriptionNotFound(String name, int echoChars) {
        return response(Response.Status.NOT_FOUND, new Body("webhook subscription " + Echo.cap(name, echoChars)
                + " is not known", "not_found_error", "subscription_not_found", "name", null));
    }

    static Response conflict(String message, String code) {
        return response(Response.Status.CONFLICT, new Body(message, "conflict_error", code, "id", null));
    }

    static Response unavailable(String reason, Duration retryAfter) {
        return Response.fromResponse(response(Response.Status.SERVICE_UNAVAILABLE,
                new Body("cannot answer right now: " + reason, "unavailable_error", "state_unavailable", null, null)))
                .header("Retry-After", seconds(retryAfter)).build();
    }

    static Response unauthorized(String message) {
        return Response.fromResponse(response(Response.Status.UNAUTHORIZED,
                new Body(message, "authentication_error", "invalid_api_key", null, null)))
                .header("WWW-Authenticate", "Bearer realm=\"reelay\"").build();
    }

    static Response forbidden(String message) {
        return response(Response.Status.FORBIDDEN, new Body(message, "permission_error", "forbidden", null, null));
    }

    /** 429: the caller's own budget (calls a minute, open streams) is spent; Retry-After says when to try again. */
    static Response tooMany(String message, String code, Duration retryAfter) {
        return Response.fromResponse(response(Response.Status.TOO_MANY_REQUESTS,
                new Body(message, "rate_limit_error", code, null, null)))
                .header("Retry-After", seconds(retryAfter)).build();
    }

    /** 413: the body is larger than quarkus.http.limits.max-body-size. */
    static Response tooLarge(long maxBytes) {
        return response(Response.Status.REQUEST_ENTITY_TOO_LARGE, new Body("the request body is larger than "
                + maxBytes + " bytes", "invalid_request_error", "body_too_large", null, null));
    }

    /** Any other HTTP error of the API (unknown path, wrong method or media type...), nothing quoted back. */
    static Response status(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = type == null ? "HTTP " + status : type.getReasonPhrase();
        String kind = status >= 500 ? "api_error" : status == 404 ? "not_found_error" : "invalid_request_error";
        return response(status, new Body(reason, kind, "http_" + status, null, null));
    }

    static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    static Response unpublished(String message) {
        return response(Response.Status.SERVICE_UNAVAILABLE,
                new Body(message, "unavailable_error", "not_published", null, null));
    }

    private static Response response(Response.Status status, Body body) {
        return response(status.getStatusCode(), body);
    }

    private static Response response(int status, Body body) {
        if (body.message() != null && body.message().length() > MAX_MESSAGE) {
            body = new Body(Echo.cap(body.message(), MAX_MESSAGE), body.type(), body.code(), body.param(),
                    body.validationErrors());
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiProblem(body)).build();
    }
}
