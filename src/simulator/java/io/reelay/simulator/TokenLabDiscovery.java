package io.reelay.simulator;

import io.reelay.simulator.models.ModelBook;
import io.reelay.simulator.models.TokenLabModel;
import io.reelay.simulator.models.TokenLabViews;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * TokenLab's discovery and pricing endpoints, no key needed: {@code GET /v1/models} ({@code ?category=},
 * {@code ?view=compact|full}), {@code GET /v1/models/{model}}, {@code GET /v1/pricing},
 * {@code GET /v1/models/{model}/pricing}. Answers what the {@link ModelBook} holds now, so a model retired by a
 * control call shows as retired from then on. Not faulted and not in the call log: the faults stand for the video
 * calls.
 */
final class TokenLabDiscovery {

    private final ModelBook<TokenLabModel> book;
    private final Clock clock;

    TokenLabDiscovery(ModelBook<TokenLabModel> book, Clock clock) {
        this.book = book;
        this.clock = clock;
    }

    void mount(Router router, String base) {
        router.get(base + "/v1/models").handler(this::list);
        router.get(base + "/v1/models/:model").handler(ctx -> one(ctx, m -> TokenLabViews.full(m, clock.instant())));
        router.get(base + "/v1/models/:model/pricing").handler(ctx -> one(ctx, TokenLabViews::pricing));
        router.get(base + "/v1/pricing").handler(this::pricing);
        new ModelControl<>(book, clock, (change, m) -> change.applyTo(m),
                (TokenLabModel m) -> TokenLabViews.full(m, clock.instant())).mount(router, base);
    }

    private void list(RoutingContext ctx) {
        String view = ctx.request().getParam("view", "compact");
        if (!"compact".equals(view) && !"full".equals(view)) {
            answer(ctx, 400, TokenLabSimulator.envelope("view must be compact or full", "invalid_request_error",
                    "invalid_request", "view"));
            return;
        }
        Instant now = clock.instant();
        JsonArray data = new JsonArray();
        if (video(ctx)) {
            book.all().forEach(m -> data.add("full".equals(view) ? TokenLabViews.full(m, now)
                    : TokenLabViews.compact(m, now)));
        }
        answer(ctx, 200, new JsonObject().put("object", "list").put("data", data));
    }

    private void pricing(RoutingContext ctx) {
        JsonArray data = new JsonArray();
        if (video(ctx)) {
            book.all().forEach(m -> data.add(TokenLabViews.pricing(m)));
        }
        answer(ctx, 200, new JsonObject().put("object", "list").put("currency", "USD").put("data", data));
    }

    private void one(RoutingContext ctx, Function<TokenLabModel, JsonObject> view) {
        String id = ctx.pathParam("model");
        book.get(id).ifPresentOrElse(m -> answer(ctx, 200, view.apply(m)),
                () -> answer(ctx, 404, TokenLabSimulator.envelope("Model " + id + " not found",
                        "invalid_request_error", "model_not_found", "model")));
    }

    /** Every simulated model is a video model: another category lists none. */
    private static boolean video(RoutingContext ctx) {
        String category = ctx.request().getParam("category");
        return category == null || "video".equals(category);
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
