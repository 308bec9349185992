package io.reelay.simulator;

import io.reelay.simulator.SimulatedApi.Accepted;
import io.reelay.simulator.SimulatedApi.Order;
import io.reelay.simulator.SimulatedApi.Refused;
import io.reelay.simulator.SimulatorHttp.Call;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Speaks the TokenLab video contract over HTTP: submit, both poll endpoints, cancel, and the error envelope. Poll
 * URLs it hands out are relative to its mount ({@code /v1/tasks/{id}}), just as the real API's are relative to its
 * root, so a client configured with {@code base-url = http://host:port<base-path>} resolves them by appending.
 *
 * <p>The flows, the task book, timing, faults and the call log are the shared {@link SimulatedApi}; what is
 * TokenLab's own is its {@link Contract} (field names, ids, error envelope) and its cancel call.
 */
public class TokenLabSimulator {

    private final SimulatorCallLog callLog;
    private final SimulatedApi<SimulatedTask> api;

    public TokenLabSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog) {
        this.callLog = callLog;
        this.api = new SimulatedApi<>(settings, clock, callLog, new Contract());
    }

    public SimulatorCallLog callLog() {
        return callLog;
    }

    /** Mounts the routes on {@code router} under the configured base path. */
    public void mount(Router router) {
        api.mountSubmit(router, "/v1/videos/generations");
        api.mountPoll(router, "/v1/tasks/:id", "id");
        api.mountPoll(router, "/v1/videos/generations/:id", "id");
        router.delete(api.basePath() + "/v1/tasks/:id").handler(this::cancel);
        api.mountCallLog(router);
    }

    /** DELETE: honoured for queued Seedance tasks only, as the contract says; 400 or 409 otherwise. */
    private void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        SimulatedTask task = api.task(id);
        Instant now = api.now();
        if (task == null) {
            api.answer(ctx, 404, notFound(id), id, Call.CANCEL);
        } else if (task.cancellable(now)) {
            SimulatedTask cancelled = task.cancelled(now);
            api.replace(id, cancelled);
            api.answer(ctx, 200, cancelled.view(now, api.resultUrlBase()), id, Call.CANCEL);
        } else if (task.finished(now)) {
            api.answer(ctx, 409, envelope("Task " + id + " can no longer be cancelled", "invalid_request_error",
                    "task_not_cancellable", null), id, Call.CANCEL);
        } else {
            api.answer(ctx, 400, envelope("Only queued Seedance tasks can be cancelled", "invalid_request_error",
                    "unsupported_task_cancel", null), id, Call.CANCEL);
        }
    }

    /** TokenLab's field names, ids, task shape and error envelope. */
    private static final class Contract implements SimulatedApi.Contract<SimulatedTask> {

        @Override
        public HostileAnswers.Shape shape() {
            return HostileAnswers.Shape.TOKENLAB;
        }

        @Override
        public JsonObject notJson() {
            return invalid("Request body must be a JSON object", null, "invalid_json");
        }

        @Override
        public Order read(JsonObject body) {
            String model = text(body, "model");
            String prompt = text(body, "prompt");
            if (model == null || prompt == null) {
                String field = model == null ? "model" : "prompt";
                return new Refused(invalid(field + " is required", field, "required"));
            }
            if (prompt.contains(SimulatedTask.REJECT_MARKER)) {
                return new Refused(invalid("Simulated rejection requested by " + SimulatedTask.REJECT_MARKER, "prompt",
                        "simulated_rejection"));
            }
            return new Accepted(model, TaskDurations.Clip.of(body.getValue("duration"), body.getValue("resolution")),
                    body);
        }

        @Override
        public String newTaskId() {
            return "ldtask_" + UUID.randomUUID().toString().replace("-", "");
        }

        @Override
        public SimulatedTask create(String id, String requestId, Instant createdAt, Duration runs, long n,
                Accepted order) {
            Object duration = order.request().getValue("duration");
            double clipSeconds = duration instanceof Number d ? d.doubleValue() : 5.0;
            boolean fails = text(order.request(), "prompt").contains(SimulatedTask.FAIL_MARKER);
            return new SimulatedTask(id, order.model(), requestId, createdAt, runs, clipSeconds, fails, (int) (n % 4));
        }

        @Override
        public JsonObject submitted(SimulatedTask task, long n, HttpServerResponse response) {
            response.putHeader("X-Task-ID", task.id());
            return new JsonObject()
                    .put("id", task.id())
                    .put("task_id", task.id())
                    .put("poll_url", "/v1/tasks/" + task.id())
                    .put("status", "pending")
                    .put("model", task.model())
                    .put("created", task.createdAt().getEpochSecond());
        }

        @Override
        public JsonObject notFound(String id) {
            return TokenLabSimulator.notFound(id);
        }

        @Override
        public JsonObject retryableError(String type, String code, String message, Long retryAfterSeconds) {
            JsonObject error = envelope(message, type, code, null);
            error.getJsonObject("error").put("retryable", true).put("retry_after", retryAfterSeconds);
            return error;
        }
    }

    private static JsonObject notFound(String id) {
        return envelope("Task " + id + " not found or expired", "invalid_request_error", "async_task_not_found", null);
    }

    private static JsonObject invalid(String message, String field, String code) {
        JsonObject error = envelope(message, "invalid_request_error", "invalid_request", field);
        error.getJsonObject("error").put("validation_errors", new JsonArray().add(new JsonObject()
                .put("field", field == null ? "body" : field).put("message", message).put("code", code)));
        return error;
    }

    private static JsonObject envelope(String message, String type, String code, String param) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message).put("type", type).put("code", code).put("param", param)
                .put("retryable", false));
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        return v instanceof String s && !s.isBlank() ? s : null;
    }
}
