package io.reelay.tracking.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How in-flight tasks are polled. Adaptive (the default) schedules each task by itself: the first
 * poll near the end of the duration learned for its kind of task, then from the progress the
 * upstream reports, so that a finished video is noticed within the lag tolerance with as few polls
 * as possible. Fixed polls every {@code reelay.tracker.poll-interval}, as the upstreams advise.
 */
@ConfigMapping(prefix = "reelay.polling")
public interface PollingConfig {

    enum Strategy {
        ADAPTIVE,
        FIXED
    }

    @WithDefault("adaptive")
    Strategy strategy();

    /**
     * The detection lag a poll is planned for, absolute part: a task is polled at the latest time that still
     * notices it within {@code lag-tolerance + lag-tolerance-ratio * duration} if it finishes at the earliest
     * time its progress allows. Tick and commit add their own delay on top (well under a second by default).
     */
    @WithDefault("PT1.5S")
    Duration lagTolerance();

    /** The detection lag a poll is planned for, as a share of the task's duration. */
    @WithDefault("0.025")
    double lagToleranceRatio();

    /** Never poll one task more often than this. */
    @WithDefault("PT1S")
    Duration minInterval();

    /** Never leave a running task unpolled longer than this. */
    @WithDefault("PT5M")
    Duration maxInterval();

    /** What a task is expected to take before any of its kind has been seen to finish. */
    @WithDefault("PT2M")
    Duration expectedDuration();

    /** Per-model starting points, e.g. {@code reelay.polling.model-expected-durations."veo3.1-fast"=PT50S}. */
    Map<String, Duration> modelExpectedDurations();

    /** Spread (standard deviation of ln duration) assumed before anything is learned: wide, so first polls come early. */
    @WithDefault("0.5")
    double priorSpread();

    /**
     * Share of tasks allowed to finish before their first poll: the first poll aims at this quantile
     * of the learned duration (plus the tolerance). Lower: fewer late detections, more polls.
     */
    @WithDefault("0.02")
    double earlyQuantile();

    /** Without progress, each interval is this share of the time the task has run so far. */
    @WithDefault("0.25")
    double backoffRatio();

    /** Up to this share of a back-off interval is taken off at random, so tasks polled together drift apart. */
    @WithDefault("0.1")
    double jitter();

    /** Least weight of a new sample in the learned duration: about 1/this of the latest tasks dominate. */
    @WithDefault("0.02")
    double learningRate();
}
