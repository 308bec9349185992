package io.reelay.upstream;

import io.reelay.intake.VideoRequest;
import io.smallrye.mutiny.Uni;

/**
 * One upstream video API. Calls are non-blocking; a failed call completes with an
 * {@link UpstreamException} that says whether the upstream answered (and what) or not.
 */
public interface VideoProvider {

    /** Provider name as used in configuration and on events, e.g. {@code tokenlab}. */
    String name();

    /**
     * Submits a request: a paid call. Completes with the created task, or fails with an
     * {@link UpstreamException}; a {@link UpstreamException.Kind#NO_ANSWER} failure means the
     * outcome is unknown (the task may exist and be charged), never that it is safe to resend.
     */
    Uni<SubmittedTask> submit(VideoRequest request);

    /**
     * Whether a call made now would be let through to the upstream, as far as Reelay holds calls back
     * (the circuit breaker): false while the circuit is open, so a caller can keep a call back before it
     * writes anything for it. A hint, not a reservation: a call may still be held back (the circuit
     * opened meanwhile, or its trial calls are taken) and fail with {@code CircuitBreakerOpenException}.
     */
    default boolean acceptsCalls() {
        return true;
    }

    /**
     * Whether Reelay is trying the upstream again after holding calls back (the circuit is half-open, or open past
     * its delay): it lets a few trial calls through and holds the rest back, so a caller sends one call at a time
     * until the circuit closes, rather than writing anything for calls that will be held back.
     */
    default boolean onTrial() {
        return false;
    }

    /** Reads the task's current status. Free and safe to repeat. */
    Uni<TaskReport> poll(TaskHandle task);

    /**
     * Asks the upstream to cancel a task. Completes when the upstream accepted; fails with an
     * {@link UpstreamException} when it refused or does not cancel at all (the default).
     */
    default Uni<Void> cancel(TaskHandle task) {
        return Uni.createFrom().failure(new UpstreamException(UpstreamException.Kind.ERROR_ANSWER,
                UpstreamError.ofMessage(name() + " does not cancel tasks"), null));
    }
}
