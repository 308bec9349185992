package io.reelay.upstream.guard;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.upstream.FailureClass;
import io.reelay.upstream.LocalCallException;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.VideoProvider;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

/**
 * A provider behind a circuit breaker (SmallRye Fault Tolerance): when too many of the recent calls
 * said the upstream is in trouble, further calls fail at once with {@code CircuitBreakerOpenException}
 * and are NOT sent, until trial calls succeed again.
 *
 * <p><b>What counts.</b> Only what says the upstream itself is in trouble ({@link FailureClass#UNAVAILABLE}):
 * <ul>
 * <li>an answer 5xx (the upstream's own, or a proxy's in front of it);
 * <li>no answer because the connection was refused, reset or closed by the other side, or an answer
 *     that cannot be read (malformed, past the size limit, no usable task id);
 * <li>no answer within the call's deadline, when the deadline was noticed on time: the upstream had the
 *     call and the whole time to answer.
 * </ul>
 * <p><b>What never counts</b> (SmallRye then takes the call as a success: the upstream answered, or the
 * failure is ours):
 * <ul>
 * <li>refusals of a request (400, 401, 402, 403, 404, 413...): the upstream is up and judged the request;
 * <li>429 rate limited, and other "try later" answers (409 material preparing, 408): the upstream is up
 *     and pacing us. Retry-After and the rate budget pace the calls; opening the circuit on them would hold
 *     back every poll of every task because a burst (after an outage, say) went out too fast;
 * <li>a deadline noticed late ({@link FailureClass#LOCAL_STALL}): this process was behind (a pause, its
 *     threads busy, Kafka's work queued before the timer), so the upstream's answer may have been waiting;
 * <li>anything that failed before it was sent ({@link LocalCallException}: building the body, a header
 *     the client refuses, a bug) and any other exception that is not an {@link UpstreamException}: a
 *     request Reelay cannot build must not shut every tenant out;
 * <li>cancellations by the caller (its own deadline), and whatever the caller does with the answer
 *     afterwards (recording it in Kafka, which may fail or wait through a broker outage): only the call's
 *     own outcome reaches the breaker.
 * </ul>
 * SmallRye's window is the last {@code request-volume} calls (not a time span): at low traffic it reaches
 * far back. With the defaults (20 calls, ratio 0.5) 10 of the last 20 calls must say "trouble"; 7 calls
 * timing out together do not open it alone.
 */
public final class GuardedProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(GuardedProvider.class);
    private static final TypeLiteral<Uni<SubmittedTask>> SUBMITTED = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Uni<TaskReport>> REPORT = new TypeLiteral<>() {
    };

    private final VideoProvider delegate;
    private final Guard guard;
    private final long delayNanos;
    /** The breaker's state as its last change said; read without touching the breaker. */
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private volatile long openedAt;

    public GuardedProvider(VideoProvider delegate, ReelayConfig.Upstream.CircuitBreaker breaker) {
        this.delegate = delegate;
        this.delayNanos = breaker.delay().toNanos();
        this.guard = Guard.create()
                .withDescription("upstream " + delegate.name())
                .withCircuitBreaker()
                    .requestVolumeThreshold(breaker.requestVolume())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(GuardedProvider::upstreamTrouble)
                    .onStateChange(this::changed)
                    .done()
                .build();
    }

    /** Whether a failure says the upstream is in trouble: see the class comment. */
    static boolean upstreamTrouble(Throwable failure) {
        return failure instanceof UpstreamException u && u.failureClass().upstreamTrouble();
    }

    private void changed(CircuitBreakerState now) {
        if (now == CircuitBreakerState.OPEN) {
            openedAt = System.nanoTime();
        }
        state = now;
        LOG.warnf("Circuit breaker for %s is now %s", delegate.name(), now);
    }

    /**
     * False while the circuit is open and its delay has not passed: a call now would be held back. True
     * when closed, and once trial calls may go (half-open; at most {@code success-threshold} of them are
     * let through, so a call may still be held back then).
     */
    @Override
    public boolean acceptsCalls() {
        return state != CircuitBreakerState.OPEN || System.nanoTime() - openedAt >= delayNanos;
    }

    /** True while half-open, and while open past its delay (the next call is a trial). */
    @Override
    public boolean onTrial() {
        return state != CircuitBreakerState.CLOSED && acceptsCalls();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        return guard.get(() -> local(() -> delegate.submit(request), "submit"), SUBMITTED);
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        return guard.get(() -> local(() -> delegate.poll(task), "poll"), REPORT);
    }

    @Override
    public Uni<Void> cancel(TaskHandle task) {
        return local(() -> delegate.cancel(task), "cancel");
    }

    /** A provider that throws instead of failing its Uni has a bug: the call was not sent. */
    private static <T> Uni<T> local(Supplier<Uni<T>> call, String what) {
        try {
            Uni<T> uni = call.get();
            return uni != null ? uni
                    : Uni.createFrom().failure(LocalCallException.notSent(what, new NullPointerException("no Uni")));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(LocalCallException.notSent(what, e));
        }
    }
}
