package io.reelay.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;

/** What every simulated API does alike: answer in JSON, record the call, serve the shared call log. */
final class SimulatorHttp {

    enum Call { SUBMIT, POLL }

    private final Clock clock;
    private final SimulatorCallLog callLog;

    SimulatorHttp(Clock clock, SimulatorCallLog callLog) {
        this.clock = clock;
        this.callLog = callLog;
    }

    void answer(RoutingContext ctx, int status, JsonObject body, String taskId, Call kind) {
        callLog.record(new SimulatorCall(clock.instant(), ctx.request().method().name(), ctx.request().path(),
                ctx.request().getHeader("X-Request-Id"), ctx.request().getHeader("Authorization") != null,
                status, taskId), kind == Call.SUBMIT, kind == Call.POLL);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /**
     * {@code GET} and {@code DELETE} {@code <base>/_calls}. The log is shared by every simulated API,
     * so each mount serves (and clears) all of it: submits per request id count across providers.
     */
    void mountCallLog(Router router, String base) {
        router.get(base + "/_calls").handler(this::listCalls);
        router.delete(base + "/_calls").handler(ctx -> {
            callLog.clear();
            ctx.response().setStatusCode(204).end();
        });
    }

    private void listCalls(RoutingContext ctx) {
        JsonArray calls = new JsonArray();
        callLog.calls().forEach(c -> calls.add(new JsonObject()
                .put("at", c.at().toString())
                .put("method", c.method())
                .put("path", c.path())
                .put("requestId", c.requestId())
                .put("authorized", c.authorized())
                .put("status", c.status())
                .put("taskId", c.taskId())));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("calls", calls)
                .put("dropped", callLog.dropped())
                .put("submitsByRequestId", new JsonObject(Map.copyOf(callLog.submitsByRequestId())))
                .put("pollsByTask", new JsonObject(Map.copyOf(callLog.pollsByTask())))
                .encode());
    }

    /** The request body as a JSON object, or null when it is not one. */
    static JsonObject jsonBody(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
