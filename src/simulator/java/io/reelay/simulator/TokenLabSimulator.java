package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speaks the TokenLab video contract over HTTP: submit, both poll endpoints, and the error envelope.
 * Poll URLs it hands out are relative to its mount ({@code /v1/tasks/{id}}), just as the real API's
 * are relative to its root, so a client configured with {@code base-url = http://host:port<base-path>}
 * resolves them by appending (see {@code io.reelay.upstream.SameHostUrls}).
 *
 * <p>Handlers never block: task state is computed from the clock on each poll. Faults from
 * {@link SimulatorSettings#chaos()} are injected into submits and polls (see {@link SimulatorHttp}).
 */
public class TokenLabSimulator {

    private static final int MAX_BODY_BYTES = 20 * 1024 * 1024;

    private final SimulatorSettings settings;
    private final Clock clock;
    private final SimulatorCallLog callLog;
    private final SimulatorHttp http;
    private final TaskBook<SimulatedTask> tasks;
    private final AtomicLong submitted = new AtomicLong();

    public TokenLabSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog) {
        this.settings = settings;
        this.clock = clock;
        this.callLog = callLog;
        this.http = new SimulatorHttp(clock, callLog, settings.chaos(), TokenLabSimulator::retryableError,
                HostileAnswers.Shape.TOKENLAB);
        this.tasks = new TaskBook<>(settings.maxTasks());
    }

    public SimulatorCallLog callLog() {
        return callLog;
    }

    /** Mounts the routes on {@code router} under the configured base path. */
    public void mount(Router router) {
        String base = settings.basePath();
        router.post(base + "/v1/videos/generations")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::submit);
        router.get(base + "/v1/tasks/:id").handler(this::poll);
        router.get(base + "/v1/videos/generations/:id").handler(this::poll);
        router.delete(base + "/v1/tasks/:id").handler(this::cancel);
        http.mountCallLog(router, base);
    }

    private void submit(RoutingContext ctx) {
        if (http.preempted(ctx, Call.SUBMIT, null)) {
            return;
        }
        JsonObject body = SimulatorHttp.jsonBody(ctx);
        if (body == null) {
            http.answer(ctx, 400, invalid("Request body must be a JSON object", null, "invalid_json"), null,
                    Call.SUBMIT);
            return;
        }
        String model = text(body, "model");
        String prompt = text(body, "prompt");
        if (model == null || prompt == null) {
            String field = model == null ? "model" : "prompt";
            http.answer(ctx, 400, invalid(field + " is required", field, "required"), null, Call.SUBMIT);
            return;
        }
        if (prompt.contains(SimulatedTask.REJECT_MARKER)) {
            http.answer(ctx, 400, invalid("Simulated rejection requested by " + SimulatedTask.REJECT_MARKER,
                    "prompt", "simulated_rejection"), null, Call.SUBMIT);
            return;
        }
        SimulatedTask task = accept(body, model, prompt, ctx.request().getHeader("X-Request-Id"));
        ctx.response().putHeader("X-Task-ID", task.id());
        http.answer(ctx, 200, new JsonObject()
                .put("id", task.id())
                .put("task_id", task.id())
                .put("poll_url", "/v1/tasks/" + task.id())
                .put("status", "pending")
                .put("model", model)
                .put("created", task.createdAt().getEpochSecond()), task.id(), Call.SUBMIT);
    }

    private SimulatedTask accept(JsonObject body, String model, String prompt, String requestId) {
        String id = "ldtask_" + UUID.randomUUID().toString().replace("-", "");
        Object duration = body.getValue("duration");
        double clipSeconds = duration instanceof Number n ? n.doubleValue() : 5.0;
        int shape = (int) (submitted.getAndIncrement() % 4);
        Duration runs = settings.taskDuration(model, requestId == null ? id : requestId,
                TaskDurations.Clip.of(duration, body.getValue("resolution")));
        SimulatedTask task = new SimulatedTask(id, model, requestId, clock.instant(), runs, clipSeconds,
                prompt.contains(SimulatedTask.FAIL_MARKER), shape);
        tasks.put(id, task);
        callLog.recordTask(id, requestId, model, task.createdAt(), task.finishesAt());
        return task;
    }

    private void poll(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (http.preempted(ctx, Call.POLL, id)) {
            return;
        }
        SimulatedTask task = tasks.get(id);
        if (task == null) {
            http.answer(ctx, 404, envelope("Task " + id + " not found or expired", "invalid_request_error",
                    "async_task_not_found", null), id, Call.POLL);
            return;
        }
        http.answer(ctx, 200, task.view(clock.instant(), settings.resultUrlBase()), id, Call.POLL);
    }

    /** DELETE: honoured for queued Seedance tasks only, as the contract says; 400 or 409 otherwise. */
    private void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        SimulatedTask task = tasks.get(id);
        if (task == null) {
            http.answer(ctx, 404, envelope("Task " + id + " not found or expired", "invalid_request_error",
                    "async_task_not_found", null), id, Call.CANCEL);
        } else if (task.cancellable(clock.instant())) {
            SimulatedTask cancelled = task.cancelled(clock.instant());
            tasks.put(id, cancelled);
            http.answer(ctx, 200, cancelled.view(clock.instant(), settings.resultUrlBase()), id, Call.CANCEL);
        } else if (task.finished(clock.instant())) {
            http.answer(ctx, 409, envelope("Task " + id + " can no longer be cancelled", "invalid_request_error",
                    "task_not_cancellable", null), id, Call.CANCEL);
        } else {
            http.answer(ctx, 400, envelope("Only queued Seedance tasks can be cancelled", "invalid_request_error",
                    "unsupported_task_cancel", null), id, Call.CANCEL);
        }
    }

    private static JsonObject invalid(String message, String field, String code) {
        JsonObject error = envelope(message, "invalid_request_error", "invalid_request", field);
        error.getJsonObject("error").put("validation_errors", new JsonArray().add(new JsonObject()
                .put("field", field == null ? "body" : field).put("message", message).put("code", code)));
        return error;
    }

    private static JsonObject retryableError(String type, String code, String message, Long retryAfterSeconds) {
        JsonObject error = envelope(message, type, code, null);
        error.getJsonObject("error").put("retryable", true).put("retry_after", retryAfterSeconds);
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
