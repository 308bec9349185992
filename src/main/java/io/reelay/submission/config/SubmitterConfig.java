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
}
