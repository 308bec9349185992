package io.reelay.simulator;

import io.reelay.simulator.models.HubModel;
import io.reelay.simulator.models.HubViews;
import io.reelay.simulator.models.ModelBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * The hub's discovery endpoints: {@code GET /hub/v1/models} ({@code ?capability=}, matching {@code video} or a
 * category such as {@code text-to-video}) and {@code GET /hub/v1/models/{model}} with its {@code input_schema}.
 * Not faulted and not in the call log.
 */
final class HubDiscovery {

    private final ModelBook<HubModel> book;
    private final Clock clock;

    HubDiscovery(ModelBook<HubModel> book, Clock clock) {
        this.book = book;
        this.clock = clock;
    }

    void mount(Router router, String base) {
        router.get(base + "/hub/v1/models").handler(this::list);
        router.get(base + "/hub/v1/models/:model").handler(this::one);
        new ModelControl<>(book, clock, (change, m) -> change.applyTo(m),
                (HubModel m) -> HubViews.detail(m, clock.instant())).mount(router, base);
    }

    private void list(RoutingContext ctx) {
        String capability = ctx.request().getParam("capability");
        Instant now = clock.instant();
        JsonArray data = new JsonArray();
        book.all().stream()
                .filter(m -> capability == null || "video".equals(capability) || m.category().equals(capability))
                .forEach(m -> data.add(HubViews.entry(m, now)));
        answer(ctx, 200, new JsonObject().put("object", "list").put("data", data));
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("model");
        book.get(id).ifPresentOrElse(m -> answer(ctx, 200, HubViews.detail(m, clock.instant())),
                () -> answer(ctx, 404, new JsonObject().put("error", "model_not_found")
                        .put("message", "Model " + id + " not found")));
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
