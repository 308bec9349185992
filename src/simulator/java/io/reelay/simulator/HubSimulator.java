package io.reelay.simulator;

import io.reelay.simulator.SimulatedApi.Accepted;
import io.reelay.simulator.SimulatedApi.Order;
import io.reelay.simulator.SimulatedApi.Refused;
import io.reelay.simulator.models.HubModel;
import io.reelay.simulator.models.Lifecycle;
import io.reelay.simulator.models.ModelBook;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Speaks the hub gateway contract over HTTP: {@code POST <base>/hub/v1/video} and
 * {@code GET <base>/hub/v1/tasks/{taskId}}. Where the hub's documentation is ambiguous the simulator
 * shows clients every variant, deterministically: submit answers alternate between the short
 * ({@code taskId}) and long ({@code task_id}, ...) shapes, and results rotate through the places
 * a video URL may be. Error bodies are undocumented; it answers 400s with {@code error_code,
 * error_message} and 404s with {@code error, message}, so clients meet both.
 *
 * <p>The flows, the task book, timing, faults and the call log are the shared {@link SimulatedApi}; what is the
 * hub's own is its {@link Contract} and its discovery endpoints ({@link HubDiscovery}) over its {@link ModelBook}.
 * A submit for a model the book says is retired is refused; ids it does not list are accepted.
 */
public class HubSimulator {

    static final String REJECT_MARKER = "[simulate:reject]";

    private final SimulatedApi<SimulatedHubTask> api;
    private final ModelBook<HubModel> models;
    private final Clock clock;

    /** {@code settings.basePath()} is where this simulator is mounted (see {@link SimulatorSettings#withBasePath}). */
    public HubSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog) {
        this(settings, clock, callLog, ModelBook.hub());
    }

    /** @param models the models its discovery serves and its submits check, changeable while it runs */
    public HubSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog,
            ModelBook<HubModel> models) {
        this.models = models;
        this.clock = clock;
        this.api = new SimulatedApi<>(settings, clock, callLog, new Contract(models, clock));
    }

    public ModelBook<HubModel> models() {
        return models;
    }

    /** Mounts the routes on {@code router} under the configured base path. */
    /** When task {@code taskId}'s result became (or becomes) available; empty for a task it does not know. */
    public java.util.Optional<java.time.Instant> resultReadyAt(String taskId) {
        return java.util.Optional.ofNullable(api.task(taskId)).map(SimulatedApi.Task::finishesAt);
    }

    public void mount(Router router) {
        api.mountSubmit(router, "/hub/v1/video");
        api.mountPoll(router, "/hub/v1/tasks/:taskId", "taskId");
        api.mountCallLog(router);
        new HubDiscovery(models, clock).mount(router, api.basePath());
    }

    /** The hub's field names, ids, task shape and error bodies. */
    private static final class Contract implements SimulatedApi.Contract<SimulatedHubTask> {

        private final ModelBook<HubModel> models;
        private final Clock clock;

        Contract(ModelBook<HubModel> models, Clock clock) {
            this.models = models;
            this.clock = clock;
        }

        @Override
        public HostileAnswers.Shape shape() {
            return HostileAnswers.Shape.HUB;
        }

        @Override
        public JsonObject notJson() {
            return invalid("invalid_json", "Request body must be a JSON object");
        }

        @Override
        public Order read(JsonObject body) {
            Object model = body.getValue("model");
            Object input = body.getValue("input");
            if (!(model instanceof String m) || m.isBlank() || !(input instanceof JsonObject in)) {
                String field = model instanceof String s && !s.isBlank() ? "input" : "model";
                return new Refused(invalid("invalid_request", field + " is required"
                        + ("input".equals(field) ? " and must be an object" : "")));
            }
            // The hub documents no error bodies; the code is the simulator's choice.
            var retired = models.get(m).map(HubModel::lifecycle).filter(l -> l.retired(clock.instant()));
            if (retired.isPresent()) {
                Lifecycle life = retired.get();
                return new Refused(invalid("model_retired", "Model " + m + " was retired on " + life.retiredAt()
                        + (life.replacementModel() == null ? "" : "; use " + life.replacementModel()))
                        .put("replacement_model", life.replacementModel()));
            }
            if (prompt(in) != null && prompt(in).contains(REJECT_MARKER)) {
                return new Refused(invalid("simulated_rejection", "Simulated rejection requested by "
                        + REJECT_MARKER));
            }
            return new Accepted(m, TaskDurations.Clip.of(in.getValue("duration"), in.getValue("resolution")), body);
        }

        @Override
        public String newTaskId() {
            return "hub-" + UUID.randomUUID();
        }

        @Override
        public SimulatedHubTask create(String id, String requestId, Instant createdAt, Duration runs, long n,
                Accepted order) {
            String prompt = prompt(order.request().getJsonObject("input"));
            return new SimulatedHubTask(id, order.model(), requestId, createdAt, runs,
                    SimulatedHubTask.Outcome.of(prompt), (int) (n % SimulatedHubTask.SHAPES));
        }

        /** Alternately the long answer and the short {@code {"taskId": ...}}. */
        @Override
        public JsonObject submitted(SimulatedHubTask task, long n, HttpServerResponse response) {
            return n % 2 == 0 ? longAnswer(task) : new JsonObject().put("taskId", task.id());
        }

        @Override
        public JsonObject notFound(String id) {
            return new JsonObject().put("error", "task_not_found")
                    .put("message", "Task " + id + " not found or expired");
        }

        /** The hub documents no error bodies; injected faults use its task failure fields, plus the retry hints. */
        @Override
        public JsonObject retryableError(String type, String code, String message, Long retryAfterSeconds) {
            return invalid(code, message).put("retryable", true).put("retry_after", retryAfterSeconds);
        }
    }

    private static String prompt(JsonObject input) {
        return input.getValue("prompt") instanceof String p ? p : null;
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

    private static JsonObject invalid(String code, String message) {
        return new JsonObject().put("error_code", code).put("error_message", message);
    }
}
