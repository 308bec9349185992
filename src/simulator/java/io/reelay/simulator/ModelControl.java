package io.reelay.simulator;

import io.reelay.simulator.models.ModelBook;
import io.reelay.simulator.models.ModelChange;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The test-only control calls on one gateway's models, beside {@code _calls}: {@code PATCH <base>/_models/{model}}
 * changes a model while the simulator runs (retire it, change its price or limits; body: {@link ModelChange}) and
 * answers with its discovery entry; {@code DELETE <base>/_models} puts back the shipped data. Never faulted.
 *
 * @param <M> the gateway's model type
 */
final class ModelControl<M> {

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ModelBook<M> book;
    private final Clock clock;
    private final BiFunction<ModelChange, M, M> apply;
    private final Function<M, JsonObject> view;

    ModelControl(ModelBook<M> book, Clock clock, BiFunction<ModelChange, M, M> apply, Function<M, JsonObject> view) {
        this.book = book;
        this.clock = clock;
        this.apply = apply;
        this.view = view;
    }

    void mount(Router router, String base) {
        router.patch(base + "/_models/:model").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::change);
        router.delete(base + "/_models").handler(ctx -> {
            book.reset();
            ctx.response().setStatusCode(204).end();
        });
    }

    private void change(RoutingContext ctx) {
        JsonObject body = SimulatorHttp.jsonBody(ctx);
        if (body == null) {
            answer(ctx, 400, new JsonObject().put("error", "the body must be a JSON object"));
            return;
        }
        Optional<M> changed;
        try {
            ModelChange change = ModelChange.parse(body, clock.instant());
            changed = book.update(ctx.pathParam("model"), m -> apply.apply(change, m));
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, new JsonObject().put("error", e.getMessage()));
            return;
        }
        changed.ifPresentOrElse(m -> answer(ctx, 200, view.apply(m)), () -> answer(ctx, 404,
                new JsonObject().put("error", "no model " + ctx.pathParam("model"))));
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
