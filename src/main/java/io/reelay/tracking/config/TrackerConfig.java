package io.reelay.tracking.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the task tracker: the Kafka Streams topology that polls every in-flight task. */
@ConfigMapping(prefix = "reelay.tracker")
public interface TrackerConfig {

    /**
     * How often the tracker looks for due polls, deadlines and finished polls (wall-clock). Cheap: a tick
     * reads only the due part of the schedule. It bounds the delay a poll adds to a detection.
     */
    @WithDefault("PT0.1S")
    Duration tickInterval();

    /** Delay between the upstream accepting a task and its first poll. */
    @WithDefault("PT5S")
    Duration firstPollDelay();

    /** Delay between two polls of a task that is still running (the upstream advises 5-10 s). */
    @WithDefault("PT5S")
    Duration pollInterval();

    /** Upper bound of the back-off after failed polls. */
    @WithDefault("PT1M")
    Duration maxPollBackoff();

    /** Polls in flight at once on this instance, across all its partitions. */
    @WithDefault("64")
    int maxConcurrentPolls();

    /** How long a poll may take before it counts as failed (and is retried later). */
    @WithDefault("PT15S")
    Duration pollTimeout();

    /** Longest a task may run upstream; past it the request fails with reason timeout. */
    @WithDefault("PT30M")
    Duration maxWait();

    /** Per-model deadlines, e.g. {@code reelay.tracker.model-max-wait."veo3.1-fast"=PT10M}; a request's max_wait_seconds wins. */
    java.util.Map<String, Duration> modelMaxWait();

    /**
     * How long after the intent to submit the upstream's answer may stay unknown; past it the
     * request fails with reason submission_outcome_unknown (never resubmitted blindly). Must be
     * longer than the submit timeout.
     */
    @WithDefault("PT2M")
    Duration submitOutcomeTimeout();

    /** How long a finished request id is remembered, so that a repeat is not submitted again. */
    @WithDefault("P7D")
    Duration finishedRetention();

    /** Expected lifetime of upstream video URLs after completion, reported as urls_expire_at. */
    @WithDefault("PT1H")
    Duration urlLifetime();
}
