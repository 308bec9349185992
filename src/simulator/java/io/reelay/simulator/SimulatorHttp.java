package io.reelay.simulator;

import io.reelay.simulator.FaultInjector.ServerError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP side of the {@link SimulatedApi} skeleton: answer in JSON, inject the configured faults,
 * record the call, serve the shared call log.
 *
 * <p>A handler first calls {@link #preempted}: faults that stand in for the whole call (429, 5xx,
 * hang) are answered there, before any task exists. The others alter the handler's own answer in
 * {@link #answer}: slow delays it, and malformed, drop-after-submit and unknown-status garble only a
 * successful one, because their point is an outcome the client cannot see although it happened.
 * Hostile answers ({@link HostileAnswers}) replace the call too, and create no task.
 */
final class SimulatorHttp {

    enum Call { SUBMIT, POLL, CANCEL }

    /** An error body in one simulated API's shape; {@code retryAfterSeconds} may be null. */
    interface ErrorBody {
        JsonObject of(String type, String code, String message, Long retryAfterSeconds);
    }

    /** The status no contract documents that unknown-status polls report. */
    static final String UNKNOWN_STATUS = "warming_up";
    static final int RATE_LIMIT = 1000;

    /** How the call log names a call answered 429 because the enforced {@link RateLimit} was reached. */
    static final String OVER_RATE_LIMIT = "over_rate_limit";
    private static final String FAULT_KEY = "reelay.simulator.fault";
    private static final Set<String> RUNNING = Set.of("pending", "processing");

    private final Clock clock;
    private final SimulatorCallLog callLog;
    private final FaultInjector faults;
    private final ErrorBody errors;
    private final HostileAnswers hostile;
    private final HungRequests hung = new HungRequests(HungRequests.DEFAULT_CAP, HungRequests.DEFAULT_MAX_HOLD);
    private final RateLimit limit;
    private final RateLimit.Bucket bucket;

    SimulatorHttp(Clock clock, SimulatorCallLog callLog, ChaosSettings chaos, ErrorBody errors,
            HostileAnswers.Shape shape, RateLimit limit) {
        this.limit = limit;
        this.bucket = limit.bucket();
        this.clock = clock;
        this.callLog = callLog;
        this.faults = new FaultInjector(chaos);
        this.errors = errors;
        this.hostile = new HostileAnswers(shape);
    }

    /**
     * Draws this call's fault and answers it here when it replaces the call (429, 5xx) or leaves it
     * unanswered (hang): then the handler must return at once. No task is created for these.
     */
    boolean preempted(RoutingContext ctx, Call kind, String taskId) {
        if (!bucket.tryTake(clock.millis())) {
            overLimit(ctx, kind, taskId);
            return true;
        }
        Fault fault = faults.draw(kind);
        switch (fault) {
            case RATE_LIMITED -> rateLimited(ctx, kind, taskId);
            case SERVER_ERROR -> {
                ServerError e = faults.nextServerError();
                write(ctx, e.status(), errors.of(e.type(), e.code(), e.message(), null).encode(), taskId, kind, fault);
            }
            case HANG -> {
                record(ctx, SimulatorCall.NO_ANSWER, taskId, kind, fault);
                hung.hold(ctx);
            }
            case HOSTILE -> {
                HostileAnswer answer = faults.nextHostile();
                int status = hostile.write(ctx, answer, kind);
                record(ctx, status, taskId, kind, answer.wireName());
            }
            default -> {
                ctx.put(FAULT_KEY, fault);
                return false;
            }
        }
        return true;
    }

    private void rateLimited(RoutingContext ctx, Call kind, String taskId) {
        long seconds = (faults.chaos().retryAfter().toMillis() + 999) / 1000;
        ctx.response()
                .putHeader("Retry-After", Long.toString(seconds))
                .putHeader("X-RateLimit-Limit", Integer.toString(RATE_LIMIT))
                .putHeader("X-RateLimit-Remaining", "0")
                .putHeader("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + seconds));
        JsonObject body = errors.of("rate_limit_error", "rate_limit_exceeded",
                "Rate limit exceeded: " + RATE_LIMIT + " requests per minute", seconds);
        write(ctx, 429, body.encode(), taskId, kind, Fault.RATE_LIMITED);
    }

    /** The enforced limit is reached: 429 as an injected one looks, Retry-After until the next call may go. */
    private void overLimit(RoutingContext ctx, Call kind, String taskId) {
        long seconds = bucket.retryAfterSeconds();
        ctx.response()
                .putHeader("Retry-After", Long.toString(seconds))
                .putHeader("X-RateLimit-Limit", Integer.toString(limit.perMinute()))
                .putHeader("X-RateLimit-Remaining", "0")
                .putHeader("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + seconds));
        JsonObject body = errors.of("rate_limit_error", "rate_limit_exceeded",
                "Rate limit exceeded: " + limit.perMinute() + " requests per minute", seconds);
        record(ctx, 429, taskId, kind, OVER_RATE_LIMIT);
        if (!ctx.response().closed()) {
            ctx.response().setStatusCode(429).putHeader("Content-Type", "application/json").end(body.encode());
        }
    }

    /** The handler's answer, altered by the fault {@link #preempted} kept for it, if any. */
    void answer(RoutingContext ctx, int status, JsonObject body, String taskId, Call kind) {
        Fault fault = applicable(ctx.get(FAULT_KEY), status, body);
        switch (fault) {
            case SLOW -> ctx.vertx().setTimer(Math.max(1, faults.chaos().slowDelay().toMillis()),
                    id -> write(ctx, status, body.encode(), taskId, kind, fault));
            case MALFORMED -> {
                String json = body.encode();
                write(ctx, status, json.substring(0, json.length() / 2), taskId, kind, fault);
            }
            case DROP_AFTER_SUBMIT -> {
                record(ctx, SimulatorCall.NO_ANSWER, taskId, kind, fault);
                ctx.request().connection().close();
            }
            case UNKNOWN_STATUS -> write(ctx, status, body.put("status", UNKNOWN_STATUS).encode(), taskId, kind, fault);
            default -> write(ctx, status, body.encode(), taskId, kind, Fault.NONE);
        }
    }

    private static Fault applicable(Fault drawn, int status, JsonObject body) {
        if (drawn == null || drawn == Fault.SLOW) {
            return drawn == null ? Fault.NONE : drawn;
        }
        if (status != 200) {
            return Fault.NONE;
        }
        return drawn != Fault.UNKNOWN_STATUS || RUNNING.contains(body.getString("status")) ? drawn : Fault.NONE;
    }

    private void write(RoutingContext ctx, int status, String body, String taskId, Call kind, Fault fault) {
        record(ctx, status, taskId, kind, fault);
        // A slow answer may find that the client gave up meanwhile.
        if (!ctx.response().closed()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        }
    }

    private void record(RoutingContext ctx, int status, String taskId, Call kind, Fault fault) {
        record(ctx, status, taskId, kind, fault.wireName());
    }

    private void record(RoutingContext ctx, int status, String taskId, Call kind, String fault) {
        callLog.record(new SimulatorCall(clock.instant(), ctx.request().method().name(), ctx.request().path(),
                ctx.request().getHeader("X-Request-Id"), ctx.request().getHeader("Authorization") != null,
                status, taskId, fault), kind == Call.SUBMIT, kind == Call.POLL);
    }

    /**
     * {@code GET} and {@code DELETE} {@code <base>/_calls}. The log is shared by every simulated API,
     * so each mount serves (and clears) all of it: submits per request id count across providers.
     * Never faulted: tests read it to judge the faults.
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
                .put("status", status(c))
                .put("taskId", c.taskId())
                .put("fault", c.fault())));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("calls", calls)
                .put("dropped", callLog.dropped())
                .put("submitsByRequestId", new JsonObject(Map.copyOf(callLog.submitsByRequestId())))
                .put("submitAttemptsByRequestId", new JsonObject(Map.copyOf(callLog.submitAttemptsByRequestId())))
                .put("pollsByTask", new JsonObject(Map.copyOf(callLog.pollsByTask())))
                .put("faults", new JsonObject(Map.copyOf(callLog.faults())))
                .encode());
    }

    /** The HTTP status, or what happened instead of an answer. */
    private static Object status(SimulatorCall call) {
        if (call.status() != SimulatorCall.NO_ANSWER) {
            return call.status();
        }
        return Fault.HANG.wireName().equals(call.fault()) ? "hung" : "dropped";
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
