package io.reelay.simulator;

import io.reelay.simulator.SimulatedApi.Accepted;
import io.reelay.simulator.SimulatedApi.Order;
import io.reelay.simulator.SimulatedApi.Refused;
import io.reelay.simulator.SimulatorHttp.Call;
import io.reelay.simulator.models.Lifecycle;
import io.reelay.simulator.models.ModelBook;
import io.reelay.simulator.models.TokenLabModel;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Speaks the TokenLab video contract over HTTP: submit, both poll endpoints, cancel, and the error envelope. Poll
 * URLs it hands out are relative to its mount ({@code /v1/tasks/{id}}), just as the real API's are relative to its
 * root, so a client configured with {@code base-url = http://host:port<base-path>} resolves them by appending.
 *
 * <p>The flows, the task book, timing, faults and the call log are the shared {@link SimulatedApi}; what is
 * TokenLab's own is its {@link Contract} (field names, ids, error envelope), its cancel call and its discovery and
 * pricing endpoints ({@link TokenLabDiscovery}) over its {@link ModelBook}. A submit for a model the book says is
 * retired, or of an operation its entry does not list, is refused; ids the book does not list are accepted, so tests
 * may name any model.
 */
public class TokenLabSimulator {

    private final SimulatorCallLog callLog;
    private final SimulatedApi<SimulatedTask> api;
    private final ModelBook<TokenLabModel> models;
    private final Clock clock;

    /** With the shipped model data. */
    public TokenLabSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog) {
        this(settings, clock, callLog, ModelBook.tokenLab());
    }

    /** @param models the models its discovery serves and its submits check, changeable while it runs */
    public TokenLabSimulator(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog,
            ModelBook<TokenLabModel> models) {
        this.callLog = callLog;
        this.models = models;
        this.clock = clock;
        this.api = new SimulatedApi<>(settings, clock, callLog, new Contract(models, clock));
    }

    public ModelBook<TokenLabModel> models() {
        return models;
    }

    public SimulatorCallLog callLog() {
        return callLog;
    }

    /** Mounts the routes on {@code router} under the configured base path. */
    /** When task {@code taskId}'s result became (or becomes) available; empty for a task it does not know. */
    public java.util.Optional<java.time.Instant> resultReadyAt(String taskId) {
        return java.util.Optional.ofNullable(api.task(taskId)).map(SimulatedApi.Task::finishesAt);
    }

    public void mount(Router router) {
        api.mountSubmit(router, "/v1/videos/generations");
        api.mountPoll(router, "/v1/tasks/:id", "id");
        api.mountPoll(router, "/v1/videos/generations/:id", "id");
        router.delete(api.basePath() + "/v1/tasks/:id").handler(this::cancel);
        api.mountCallLog(router);
        new TokenLabDiscovery(models, clock).mount(router, api.basePath());
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

        private final ModelBook<TokenLabModel> models;
        private final Clock clock;

        Contract(ModelBook<TokenLabModel> models, Clock clock) {
            this.models = models;
            this.clock = clock;
        }

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
            Optional<JsonObject> retired = retired(model);
            if (retired.isPresent()) {
                return new Refused(retired.get());
            }
            Optional<JsonObject> unsupported = unsupported(model, body);
            if (unsupported.isPresent()) {
                return new Refused(unsupported.get());
            }
            if (prompt.contains(SimulatedTask.REJECT_MARKER)) {
                return new Refused(invalid("Simulated rejection requested by " + SimulatedTask.REJECT_MARKER, "prompt",
                        "simulated_rejection"));
            }
            return new Accepted(model, TaskDurations.Clip.of(body.getValue("duration"), body.getValue("resolution")),
                    body);
        }

        /**
         * TokenLab documents no code for a retired model; {@code model_retired} (400, with the replacement) is the
         * simulator's choice.
         */
        private Optional<JsonObject> retired(String model) {
            return models.get(model).filter(m -> m.lifecycle().retired(clock.instant())).map(m -> {
                Lifecycle life = m.lifecycle();
                String message = "Model " + model + " was retired on " + life.retiredAt()
                        + (life.replacementModel() == null ? "" : "; use " + life.replacementModel());
                JsonObject error = invalid(message, "model", "model_retired");
                error.getJsonObject("error").put("code", "model_retired")
                        .put("replacement_model", life.replacementModel());
                return error;
            });
        }

        /**
         * An operation the model's entry does not list is refused (400 {@code unsupported_operation}, with
         * {@code supported_operations}, one of TokenLab's error fields); so are audio-to-video without
         * {@code audio_url} and video-extension without {@code video_url}. Ids the book does not list take any.
         */
        private Optional<JsonObject> unsupported(String model, JsonObject body) {
            Object operation = body.getValue("operation");
            Optional<TokenLabModel> entry = models.get(model);
            if (!(operation instanceof String op) || entry.isEmpty()) {
                return Optional.empty();
            }
            if (!entry.get().offers(op)) {
                JsonObject error = invalid("Model " + model + " does not support operation " + op, "operation",
                        "unsupported_operation");
                error.getJsonObject("error").put("code", "unsupported_operation")
                        .put("supported_operations", new JsonArray(entry.get().operations()));
                return Optional.of(error);
            }
            String needs = switch (op) {
                case "audio-to-video" -> "audio_url";
                case "video-extension" -> "video_url";
                default -> null;
            };
            return needs == null || text(body, needs) != null ? Optional.empty()
                    : Optional.of(invalid(needs + " is required for " + op, needs, "required"));
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
            // Billing reserves at submit; the transaction id is all TokenLab documents about it.
            response.putHeader("X-Billing-Transaction-ID", SimulatedTask.billingTransactionId(task.id()));
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

    static JsonObject envelope(String message, String type, String code, String param) {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message).put("type", type).put("code", code).put("param", param)
                .put("retryable", false));
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        return v instanceof String s && !s.isBlank() ? s : null;
    }
}
