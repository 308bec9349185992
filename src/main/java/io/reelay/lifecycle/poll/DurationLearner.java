package io.reelay.lifecycle.poll;

import java.time.Duration;

import io.reelay.config.ReelayConfig;
import io.reelay.state.DurationStats;

/**
 * Learns how long each class of task takes from the tasks seen to finish, as an exponentially
 * weighted log-normal fit: early samples count fully (the configured starting point counts as one),
 * later ones with at least the learning rate, so the fit follows an upstream that speeds up or slows
 * down. Pure: the stats live in a state store owned by the caller.
 */
public final class DurationLearner {

    /** Below this many samples a class defers to its model's class. */
    static final int MIN_CLASS_SAMPLES = 5;
    /** A fit never claims more certainty than this (ln units): a durable floor against a run of identical samples. */
    static final double MIN_LOG_SD = 0.05;

    private final ReelayConfig.Polling polling;

    public DurationLearner(ReelayConfig.Polling polling) {
        this.polling = polling;
    }

    /** The starting point of a class of this model: its configured expected duration, with a wide spread. */
    public DurationStats prior(String durationClass, String model) {
        return DurationStats.newBuilder()
                .setDurationClass(durationClass)
                .setSamples(0)
                .setLogMean(Math.log(expectedDuration(model).toMillis()))
                .setLogVariance(polling.priorSpread() * polling.priorSpread())
                .setUpdatedAt(0)
                .build();
    }

    /** The stats with one more task seen to take {@code durationMs}. */
    public DurationStats learn(DurationStats stats, long durationMs, long now) {
        double x = Math.log(Math.max(1, durationMs));
        double weight = Math.max(1.0 / (stats.getSamples() + 2), polling.learningRate());
        double delta = x - stats.getLogMean();
        return DurationStats.newBuilder(stats)
                .setSamples(stats.getSamples() + 1)
                .setLogMean(stats.getLogMean() + weight * delta)
                .setLogVariance((1 - weight) * (stats.getLogVariance() + weight * delta * delta))
                .setUpdatedAt(now)
                .build();
    }

    /** The fit to plan with: the class's own once it has enough samples, else its model's, else the prior. */
    public DurationFit fit(DurationStats classStats, DurationStats modelStats, String model) {
        DurationStats chosen = classStats != null && classStats.getSamples() >= MIN_CLASS_SAMPLES ? classStats
                : modelStats != null && modelStats.getSamples() > 0 ? modelStats
                : null;
        if (chosen == null) {
            return new DurationFit(Math.log(expectedDuration(model).toMillis()), polling.priorSpread());
        }
        return new DurationFit(chosen.getLogMean(), Math.max(MIN_LOG_SD, Math.sqrt(chosen.getLogVariance())));
    }

    /** The duration a model's tasks are expected to take before any has been seen to finish. */
    private Duration expectedDuration(String model) {
        return polling.modelExpectedDurations().getOrDefault(model, polling.expectedDuration());
    }

    /**
     * The best reading of a finished task's duration: the upstream's own completion time where it is
     * plausible, else the middle of the interval between the last poll that saw it running and the one
     * that saw it finished.
     *
     * @param submittedAt when the task was accepted
     * @param lastRunningAt the last poll that saw it running, or null
     * @param finishedSeenAt the poll that saw it finished
     * @param upstreamFinishedAt the upstream's completion time, or null
     */
    public static long observedDuration(long submittedAt, Long lastRunningAt, long finishedSeenAt,
            Long upstreamFinishedAt) {
        long from = lastRunningAt == null ? submittedAt : lastRunningAt;
        long end = upstreamFinishedAt != null && upstreamFinishedAt > from && upstreamFinishedAt <= finishedSeenAt
                ? upstreamFinishedAt : from + (finishedSeenAt - from) / 2;
        return Math.max(1, end - submittedAt);
    }
}
