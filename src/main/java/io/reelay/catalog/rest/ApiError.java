package io.reelay.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error in the envelope TokenLab uses, {"error":{"message","type","code","param"}}, so a client
 * of both parses one shape.
 */
public record ApiError(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String message, String type, String code, String param) {
    }

    static Response notFound(String message, String param) {
        return response(Response.Status.NOT_FOUND, new Body(message, "not_found_error", "model_not_found", param));
    }

    static Response invalid(String message, String param) {
        return response(Response.Status.BAD_REQUEST, new Body(message, "invalid_request_error", "invalid_value", param));
    }

    private static Response response(Response.Status status, Body body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(body)).build();
    }
}
