package io.reelay.submission.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the paid submit calls. */
@ConfigMapping(prefix = "reelay.submitter")
public interface SubmitterConfig {

    /** Submit calls in flight at once on this instance. */
    @WithDefault("32")
    int concurrency();

    /**
     * Longest wait for the upstream's answer to a submit. Past it the outcome is unknown and the
     * request fails with submission_outcome_unknown (it is never resubmitted blindly).
     */
    @WithDefault("PT60S")
    Duration callTimeout();

    /**
     * Most submit attempts per request when the upstream clearly refuses (429, 503, 409 material
     * preparing: no task was created). An attempt whose outcome is unknown is never repeated.
     */
    @WithDefault("5")
    int maxAttempts();

    /** Back-off before the second attempt; doubled for each further one, with jitter. */
    @WithDefault("PT2S")
    Duration retryBackoff();

    /** Upper bound of the back-off between attempts (a longer Retry-After from the upstream still wins). */
    @WithDefault("PT2M")
    Duration maxRetryBackoff();

    /** What to do when a submit's outcome stays unknown (the call may or may not have created a task). */
    enum UnknownOutcomePolicy {
        /** End the request with submission_outcome_unknown and let the producer decide (safe: never pays twice). */
        FAIL,
        /** Submit again, accepting that the upstream may charge twice (for producers who prefer that to a gap). */
        RESUBMIT
    }

    /** The policy for unknown submit outcomes; FAIL by default, because a resubmit is a new charge. */
    @WithDefault("fail")
    UnknownOutcomePolicy unknownOutcome();
}
