package io.reelay.api.rest;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * quarkus.http.limits.max-body-size answered on /v1/* in the API's error envelope: Quarkus refuses a body whose
 * Content-Length is over the limit with an empty 413 before any resource runs, and fails the call with 413 when a
 * body without Content-Length grows past it. This route runs just before Quarkus' own check and as the failure
 * handler of the API's paths. A chunked body that grows past the limit while Quarkus REST reads it is still
 * answered by Quarkus REST itself: 413 with an empty body.
 */
@ApplicationScoped
public class BodyLimit {

    /** Quarkus' own check runs at order -2. */
    private static final int BEFORE_QUARKUS = -3;

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        if (max.isEmpty()) {
            return;
        }
        long limit = max.get().asLongValue();
        router.route(RequestPaths.PREFIX + "*").order(BEFORE_QUARKUS)
                .handler(context -> {
                    if (declared(context) > limit) {
                        context.response().putHeader(HttpHeaders.CONNECTION, "close");
                        tooLarge(context, limit);
                    } else {
                        context.next();
                    }
                })
                .failureHandler(context -> {
                    if (context.statusCode() == 413 && !context.response().headWritten()) {
                        tooLarge(context, limit);
                    } else {
                        context.next();
                    }
                });
    }

    /** The declared body length; -1 when there is none or it is not a number (Vert.x refuses those itself). */
    private static long declared(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void tooLarge(RoutingContext context, long limit) {
        var problem = ApiProblem.tooLarge(limit);
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.encode(problem.getEntity()));
    }
}
