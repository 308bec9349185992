package io.reelay.simulator.models;

/**
 * A model's service limits as TokenLab publishes them (the figures are invented). Advertised, not enforced: the
 * simulator answers any number of calls.
 *
 * @param onlineRpm requests a minute
 * @param concurrency tasks running at once
 * @param promptMaxCharacters the longest prompt
 */
public record ServiceLimits(Integer onlineRpm, Integer concurrency, Integer promptMaxCharacters) {

    public ServiceLimits {
        positive("online_rpm", onlineRpm);
        positive("concurrency", concurrency);
        positive("prompt_max_characters", promptMaxCharacters);
    }

    /** These limits with every limit {@code changes} names replaced. */
    public ServiceLimits merge(ServiceLimits changes) {
        return new ServiceLimits(
                changes.onlineRpm() != null ? changes.onlineRpm() : onlineRpm,
                changes.concurrency() != null ? changes.concurrency() : concurrency,
                changes.promptMaxCharacters() != null ? changes.promptMaxCharacters() : promptMaxCharacters);
    }

    private static void positive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("service_limits." + name + " must be positive, was " + value);
        }
    }
}
