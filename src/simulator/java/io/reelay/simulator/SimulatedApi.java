package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The skeleton every simulated upstream API shares: routes under a base path, the submit and poll flows, the task
 * book, task timing, injected faults and hostile answers ({@link SimulatorHttp}) and the call log. What differs
 * between two APIs is their {@link Contract}: field names, ids, error bodies and the shape of a task.
 *
 * <p>Handlers never block: a task's state is computed from the clock on each poll, so a test moves it along by moving
 * the clock.
 *
 * @param <T> the API's task
 */
final class SimulatedApi<T extends SimulatedApi.Task> {

    private static final int MAX_BODY_BYTES = 20 * 1024 * 1024;

    /** A task a submit created: its state at any instant follows from when it was created and how long it runs. */
    interface Task {
        String id();

        String model();

        Instant createdAt();

        /** When polls start to report the outcome. */
        Instant finishesAt();

        /** What a poll at {@code now} answers (200). */
        JsonObject view(Instant now, String resultUrlBase);

        /** The charge its completed answer tells (USD), or null when it tells none (a failed task, the hub's). */
        default BigDecimal toldChargeUsd() {
            return null;
        }
    }

    /** What a submit asks for, as the contract reads it from the request body. */
    sealed interface Order {
    }

    /** A submit the API refuses (400) with this body. */
    record Refused(JsonObject body) implements Order {
    }

    /**
     * A submit the API accepts.
     *
     * @param clip what the request asks for, which may lengthen the task (see {@link TaskDurations})
     * @param request the request body, for the contract to read the rest from
     */
    record Accepted(String model, TaskDurations.Clip clip, JsonObject request) implements Order {
    }

    /** The part of a simulated API that is its own: how it names things and what its answers look like. */
    interface Contract<T extends Task> {

        /** Whose field names hostile answers use. */
        HostileAnswers.Shape shape();

        /** An error body for injected 429s and 5xx; {@code retryAfterSeconds} may be null. */
        JsonObject retryableError(String type, String code, String message, Long retryAfterSeconds);

        /** The 400 body for a submit whose body is no JSON object. */
        JsonObject notJson();

        Order read(JsonObject body);

        String newTaskId();

        /**
         * @param n how many submits this API accepted before this one: contracts rotate their answer shapes by it
         */
        T create(String id, String requestId, Instant createdAt, Duration runs, long n, Accepted order);

        /** The 200 answer to the submit that created {@code task}; may add headers to {@code response}. */
        JsonObject submitted(T task, long n, HttpServerResponse response);

        /** The 404 body for a task the API does not know, or has forgotten. */
        JsonObject notFound(String id);
    }

    private final SimulatorSettings settings;
    private final Clock clock;
    private final SimulatorCallLog callLog;
    private final Contract<T> contract;
    private final SimulatorHttp http;
    private final TaskBook<T> tasks;
    private final AtomicLong accepted = new AtomicLong();

    SimulatedApi(SimulatorSettings settings, Clock clock, SimulatorCallLog callLog, Contract<T> contract) {
        this.settings = settings;
        this.clock = clock;
        this.callLog = callLog;
        this.contract = contract;
        this.http = new SimulatorHttp(clock, callLog, settings.chaos(), contract::retryableError, contract.shape(),
                settings.rateLimit());
        this.tasks = new TaskBook<>(settings.maxTasks());
    }

    /** Where this API is mounted, e.g. {@code /simulator/tokenlab}. */
    String basePath() {
        return settings.basePath();
    }

    /** Submits at {@code path} (under the base path). */
    void mountSubmit(Router router, String path) {
        router.post(basePath() + path).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(this::submit);
    }

    /** Polls at {@code path} (under the base path), whose path parameter {@code param} is the task id. */
    void mountPoll(Router router, String path, String param) {
        router.get(basePath() + path).handler(ctx -> poll(ctx, ctx.pathParam(param)));
    }

    /** The call log, shared by every simulated API, at {@code <base path>/_calls}. */
    void mountCallLog(Router router) {
        http.mountCallLog(router, basePath());
    }

    private void submit(RoutingContext ctx) {
        if (http.preempted(ctx, Call.SUBMIT, null)) {
            return;
        }
        JsonObject body = SimulatorHttp.jsonBody(ctx);
        Order order = body == null ? new Refused(contract.notJson()) : contract.read(body);
        if (order instanceof Refused refused) {
            http.answer(ctx, 400, refused.body(), null, Call.SUBMIT);
            return;
        }
        Accepted what = (Accepted) order;
        long n = accepted.getAndIncrement();
        String id = contract.newTaskId();
        String requestId = ctx.request().getHeader("X-Request-Id");
        // Keyed by the request id, so a resubmitted request runs as long as its first submit.
        Duration runs = settings.taskDuration(what.model(), requestId == null ? id : requestId, what.clip());
        T task = contract.create(id, requestId, clock.instant(), runs, n, what);
        tasks.put(id, task);
        callLog.recordTask(id, requestId, task.model(), task.createdAt(), task.finishesAt());
        callLog.recordCharge(id, task.toldChargeUsd());
        http.answer(ctx, 200, contract.submitted(task, n, ctx.response()), id, Call.SUBMIT);
    }

    private void poll(RoutingContext ctx, String id) {
        if (http.preempted(ctx, Call.POLL, id)) {
            return;
        }
        T task = tasks.get(id);
        if (task == null) {
            http.answer(ctx, 404, contract.notFound(id), id, Call.POLL);
            return;
        }
        http.answer(ctx, 200, task.view(clock.instant(), settings.resultUrlBase()), id, Call.POLL);
    }

    // For calls only one API has (TokenLab's cancel): the same task book, clock and answering.

    T task(String id) {
        return tasks.get(id);
    }

    void replace(String id, T task) {
        tasks.put(id, task);
    }

    Instant now() {
        return clock.instant();
    }

    String resultUrlBase() {
        return settings.resultUrlBase();
    }

    /** Answers the call and records it (never faulted: only submits and polls are). */
    void answer(RoutingContext ctx, int status, JsonObject body, String taskId, Call kind) {
        http.answer(ctx, status, body, taskId, kind);
    }
}
