package io.reelay.upstream.guard;

import java.time.temporal.ChronoUnit;

import org.jboss.logging.Logger;

import io.reelay.request.VideoRequest;
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
 * the upstream is up, and do not count.
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

    /** No answer, or an answer that says "not now": the upstream itself is in trouble. */
    static boolean upstreamTrouble(Throwable failure) {
        if (!(failure instanceof UpstreamException u)) {
            return true;
        }
        return u.kind() == UpstreamException.Kind.NO_ANSWER || (u.error() != null && u.error().retryable());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Uni<SubmittedTask> submit(VideoRequest request) {
        return guard.get(() -> delegate.submit(request), SUBMITTED);
    }

    @Override
    public Uni<TaskReport> poll(TaskHandle task) {
        return guard.get(() -> delegate.poll(task), REPORT);
    }

    @Override
    public Uni<Void> cancel(TaskHandle task) {
        return delegate.cancel(task);
    }
}
