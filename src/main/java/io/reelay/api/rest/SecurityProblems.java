package io.reelay.api.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;

/** 401 and 403 in the API's error envelope (authentication is lazy, so its failures reach REST). */
public class SecurityProblems {

    @ServerExceptionMapper
    public Response unknownKey(AuthenticationFailedException e) {
        return ApiProblem.unauthorized("the API key is not valid");
    }

    @ServerExceptionMapper
    public Response noKey(UnauthorizedException e) {
        return ApiProblem.unauthorized("an API key is required: Authorization: Bearer <key>, or X-API-Key: <key>");
    }

    @ServerExceptionMapper
    public Response notAllowed(ForbiddenException e) {
        return ApiProblem.forbidden("this API key may not do this (it is read-only)");
    }
}
