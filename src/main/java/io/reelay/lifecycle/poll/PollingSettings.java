package io.reelay.lifecycle.poll;

import java.time.Duration;
import java.util.Map;

import io.reelay.config.ReelayConfig;

/** The polling settings as plain values (see {@link ReelayConfig.Polling} for each one's meaning). */
public record PollingSettings(
        boolean adaptive,
        Duration lagTolerance,
        double lagToleranceRatio,
        Duration minInterval,
        Duration maxInterval,
        Duration expectedDuration,
        Map<String, Duration> modelExpectedDurations,
        double priorSpread,
        double earlyQuantile,
        double backoffRatio,
        double jitter,
        double learningRate) {

    public PollingSettings {
        modelExpectedDurations = modelExpectedDurations == null ? Map.of() : Map.copyOf(modelExpectedDurations);
        require(!lagTolerance.isNegative(), "lag-tolerance must not be negative");
        require(lagToleranceRatio >= 0 && lagToleranceRatio < 1, "lag-tolerance-ratio must be in [0, 1)");
        require(minInterval.toMillis() > 0, "min-interval must be positive");
        require(maxInterval.compareTo(minInterval) >= 0, "max-interval must not be below min-interval");
        require(expectedDuration.toMillis() > 0, "expected-duration must be positive");
        require(priorSpread > 0, "prior-spread must be positive");
        require(earlyQuantile > 0 && earlyQuantile < 0.5, "early-quantile must be in (0, 0.5)");
        require(backoffRatio > 0, "backoff-ratio must be positive");
        require(jitter >= 0 && jitter < 1, "jitter must be in [0, 1)");
        require(learningRate > 0 && learningRate <= 1, "learning-rate must be in (0, 1]");
    }

    /** The defaults of {@link ReelayConfig.Polling}, adaptive. */
    public static PollingSettings defaults() {
        return new PollingSettings(true, Duration.ofMillis(1500), 0.025, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Map.of(), 0.5, 0.02, 0.25, 0.1, 0.02);
    }

    /** The defaults, but polling every {@code reelay.tracker.poll-interval}. */
    public static PollingSettings fixed() {
        return defaults().withAdaptive(false);
    }

    public PollingSettings withAdaptive(boolean on) {
        return new PollingSettings(on, lagTolerance, lagToleranceRatio, minInterval, maxInterval, expectedDuration,
                modelExpectedDurations, priorSpread, earlyQuantile, backoffRatio, jitter, learningRate);
    }

    public PollingSettings withExpectedDurations(Duration fallback, Map<String, Duration> byModel) {
        return new PollingSettings(adaptive, lagTolerance, lagToleranceRatio, minInterval, maxInterval, fallback,
                byModel, priorSpread, earlyQuantile, backoffRatio, jitter, learningRate);
    }

    public static PollingSettings from(ReelayConfig.Polling c) {
        return new PollingSettings(c.strategy() == ReelayConfig.Polling.Strategy.ADAPTIVE, c.lagTolerance(),
                c.lagToleranceRatio(), c.minInterval(), c.maxInterval(), c.expectedDuration(),
                c.modelExpectedDurations(), c.priorSpread(), c.earlyQuantile(), c.backoffRatio(), c.jitter(),
                c.learningRate());
    }

    /** The duration a model's tasks are expected to take before any has been seen to finish. */
    public Duration expectedDurationOf(String model) {
        return modelExpectedDurations.getOrDefault(model, expectedDuration);
    }

    /** The detection lag allowed for a task of this duration. */
    public long toleranceMs(long durationMs) {
        return lagTolerance.toMillis() + (long) (lagToleranceRatio * durationMs);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("reelay.polling." + message);
        }
    }
}
