package io.reelay.upstream.guard;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.reelay.request.VideoRequest;
import io.reelay.upstream.LocalCallException;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.VideoProvider;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

/**
 * A provider behind a circuit breaker (SmallRye Fault Tolerance): when most recent calls got no
 * answer or a retryable error, further calls fail at once with {@code CircuitBreakerOpenException}
 * and are NOT sent, until trial calls succeed again. Refusals of a request itself (400, 402...) say
 * the upstream is up, and do not count. Neither does anything that failed before it was sent
 * ({@link LocalCallException}, or any other exception a provider throws or fails with that is not an
 * {@link UpstreamException}): a request Reelay cannot build says nothing about the upstream, and
 * must not let a few such requests shut every tenant out.
 *
 * <p>SmallRye treats a failure its predicate does not count as a success of the call, as it does for
 * {@code skipOn}; a local failure during a half-open trial so counts toward closing the circuit. It
 * never opens it, which is what matters.
 */
public final class GuardedProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(GuardedProvider.class);
    private static final TypeLiteral<Uni<SubmittedTask>> SUBMITTED = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Uni<TaskReport>> REPORT = new TypeLiteral<>() {
    };
    private static final TypeLiteral<Uni<Void>> DONE = new TypeLiteral<>() {
    };

    private final VideoProvider delegate;
    private final Guard guard;

    public GuardedProvider(VideoProvider delegate, CircuitSettings settings) {
        this.delegate = delegate;
        this.guard = Guard.create()
                .withDescription("upstream " + delegate.name())
                .withCircuitBreaker()
                    .requestVolumeThreshold(settings.requestVolume())
                    .failureRatio(settings.failureRatio())
                    .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(settings.successThreshold())
                    .when(GuardedProvider::upstreamTrouble)
                    .onStateChange(state -> LOG.warnf("Circuit breaker for %s is now %s", delegate.name(), state))
                    .done()
                .build();
    }

    /**
     * No answer, or an answer that says "not now" (5xx, 429, timeouts, connection errors): the upstream
     * itself is in trouble. Only an {@link UpstreamException} can say so: the providers turn every
     * failure of the exchange into one, and everything before it into a {@link LocalCallException}.
     */
    static boolean upstreamTrouble(Throwable failure) {
        if (!(failure instanceof UpstreamException u)) {
            return false;
        }
        return u.kind() == UpstreamException.Kind.NO_ANSWER || (u.error() != null && u.error().retryable());
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
