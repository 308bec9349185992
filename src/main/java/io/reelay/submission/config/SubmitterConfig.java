package io.reelay.submission.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the submitter, which turns requests into upstream tasks. */
@ConfigMapping(prefix = "reelay.submitter")
public interface SubmitterConfig {

    /** Requests handled at once on this instance (decode, intent, upstream submit, created). */
    @WithDefault("32")
    int concurrency();

    /**
     * Longest wait for the upstream's answer to a submit. Past it the outcome is unknown and the
     * request fails with submission_outcome_unknown (it is never resubmitted blindly).
     */
    @WithDefault("PT60S")
    Duration callTimeout();

    /**
     * How long this instance remembers the request ids it submitted, to refuse a repeat that
     * arrives before the tracker's store shows the first one.
     */
    @WithDefault("PT5M")
    Duration recentWindow();
}
