package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speaks the hub gateway contract over HTTP: {@code POST <base>/hub/v1/video} and
 * {@code GET <base>/hub/v1/tasks/{taskId}}. Where the hub's documentation is ambiguous the simulator
 * shows clients every variant, deterministically: submit answers alternate between the short
 * ({@code taskId}) and long ({@code task_id}, ...) shapes, and results rotate through the places
 * a video URL may be. Error bodies are undocumented; it answers 400s with {@code error_code,
 * error_message} and 404s with {@code error, message}, so clients meet both.
 *
 * <p>Handlers never block: task state is computed from the clock on each poll. Faults from
 * {@link SimulatorSettings#chaos()} are injected into submits and polls (see {@link SimulatorHttp}).
 */
public class HubSimulator {

    static final String REJECT_MARKER = "[simulate:reject]";
    private static final int MAX_BODY_BYTES = 20 * 1024 * 1024;

    private final SimulatorSettings settings;
    private final Clock clock;
    private final SimulatorCallLog callLog;
    private final SimulatorHttp http;
    private final TaskBook<SimulatedHubTask> tasks;
    private final AtomicLong submitted = new AtomicLong();

    /** {@code settings.basePath()} is where this simulator is mounted (see {@link SimulatorSettings#withBasePath}). */
    public HubSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog) {
        this.settings = settings;
        this.clock = clock;
        this.callLog = callLog;
        this.http = new SimulatorHttp(clock, callLog, settings.chaos(), HubSimulator::retryableError,
                HostileAnswers.Shape.HUB);
        this.tasks = new TaskBook<>(settings.maxTasks());
    }

    /** Mounts the routes on {@code router} under the configured base path. */
    public void mount(Router router) {
        String base = settings.basePath();
        router.post(base + "/hub/v1/video")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::submit);
        router.get(base + "/hub/v1/tasks/:taskId").handler(this::poll);
        http.mountCallLog(router, base);
    }

    private void submit(RoutingContext ctx) {
        if (http.preempted(ctx, Call.SUBMIT, null)) {
            return;
        }
        JsonObject body = SimulatorHttp.jsonBody(ctx);
        if (body == null) {
            http.answer(ctx, 400, invalid("invalid_json", "Request body must be a JSON object"), null, Call.SUBMIT);
            return;
        }
        Object model = body.getValue("model");
        Object input = body.getValue("input");
        if (!(model instanceof String m) || m.isBlank() || !(input instanceof JsonObject in)) {
            String field = model instanceof String s && !s.isBlank() ? "input" : "model";
            http.answer(ctx, 400, invalid("invalid_request", field + " is required"
                    + ("input".equals(field) ? " and must be an object" : "")), null, Call.SUBMIT);
            return;
        }
        String prompt = in.getValue("prompt") instanceof String p ? p : null;
        if (prompt != null && prompt.contains(REJECT_MARKER)) {
            http.answer(ctx, 400, invalid("simulated_rejection", "Simulated rejection requested by "
                    + REJECT_MARKER), null, Call.SUBMIT);
            return;
        }
        long n = submitted.getAndIncrement();
        String id = "hub-" + UUID.randomUUID();
        String requestId = ctx.request().getHeader("X-Request-Id");
        Duration runs = settings.taskDuration(m, requestId == null ? id : requestId,
                TaskDurations.Clip.of(in.getValue("duration"), in.getValue("resolution")));
        SimulatedHubTask task = new SimulatedHubTask(id, m, requestId, clock.instant(), runs,
                SimulatedHubTask.Outcome.of(prompt), (int) (n % SimulatedHubTask.SHAPES));
        tasks.put(id, task);
        callLog.recordTask(id, requestId, m, task.createdAt(), task.finishesAt());
        http.answer(ctx, 200, n % 2 == 0 ? longAnswer(task) : new JsonObject().put("taskId", task.id()),
                task.id(), Call.SUBMIT);
    }

    private static JsonObject longAnswer(SimulatedHubTask task) {
        return new JsonObject()
                .put("task_id", task.id())
                .put("status", "pending")
                .put("capability", "video")
                .put("model", task.model())
                .put("vendor", vendor(task.model()))
                .put("mode", "async")
                .put("created_at", task.createdAt().toString());
    }

    private static String vendor(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("veo")) {
            return "google";
        }
        if (m.startsWith("kling")) {
            return "kuaishou";
        }
        if (m.startsWith("wan")) {
            return "alibaba";
        }
        return m.startsWith("seedance") ? "bytedance" : "unknown";
    }

    private void poll(RoutingContext ctx) {
        String id = ctx.pathParam("taskId");
        if (http.preempted(ctx, Call.POLL, id)) {
            return;
        }
        SimulatedHubTask task = tasks.get(id);
        if (task == null) {
            http.answer(ctx, 404, new JsonObject().put("error", "task_not_found")
                    .put("message", "Task " + id + " not found or expired"), id, Call.POLL);
            return;
        }
        http.answer(ctx, 200, task.view(clock.instant(), settings.resultUrlBase()), id, Call.POLL);
    }

    /** The hub documents no error bodies; injected faults use its task failure fields, plus the retry hints. */
    private static JsonObject retryableError(String type, String code, String message, Long retryAfterSeconds) {
        return invalid(code, message).put("retryable", true).put("retry_after", retryAfterSeconds);
    }

    private static JsonObject invalid(String code, String message) {
        return new JsonObject().put("error_code", code).put("error_message", message);
    }
}
