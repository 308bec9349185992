package io.reelay.lifecycle.poll;

import io.reelay.config.ReelayConfig;

/**
 * The ranges {@code reelay.polling.*} must lie in, beyond what SmallRye Config checks (a value's type). The tracker
 * checks them when its topology is built at start-up, so a value out of range stops the service with its key's name.
 */
public final class PollingLimits {

    private PollingLimits() {
    }

    /**
     * The settings, when every one is in range.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public static ReelayConfig.Polling check(ReelayConfig.Polling p) {
        require(!p.lagTolerance().isNegative(), "lag-tolerance must not be negative");
        require(p.lagToleranceRatio() >= 0 && p.lagToleranceRatio() < 1, "lag-tolerance-ratio must be in [0, 1)");
        require(p.lagToleranceMax().compareTo(p.lagTolerance()) >= 0, "lag-tolerance-max must not be below lag-tolerance");
        require(p.minInterval().toMillis() > 0, "min-interval must be positive");
        require(p.maxInterval().compareTo(p.minInterval()) >= 0, "max-interval must not be below min-interval");
        require(p.expectedDuration().toMillis() > 0, "expected-duration must be positive");
        require(p.priorSpread() > 0, "prior-spread must be positive");
        require(p.modelPriorSpread() > 0, "model-prior-spread must be positive");
        require(p.earlyQuantile() > 0 && p.earlyQuantile() < 0.5, "early-quantile must be in (0, 0.5)");
        require(p.backoffRatio() > 0, "backoff-ratio must be positive");
        require(p.jitter() >= 0 && p.jitter() < 1, "jitter must be in [0, 1)");
        require(p.learningRate() > 0 && p.learningRate() <= 1, "learning-rate must be in (0, 1]");
        return p;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("reelay.polling." + message);
        }
    }
}
