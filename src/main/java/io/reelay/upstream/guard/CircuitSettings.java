package io.reelay.upstream.guard;

import java.time.Duration;

import io.reelay.config.ReelayConfig;

/** Circuit breaker settings as plain values. */
public record CircuitSettings(int requestVolume, double failureRatio, Duration delay, int successThreshold) {

    public static CircuitSettings from(ReelayConfig.Upstream.CircuitBreaker c) {
        return new CircuitSettings(c.requestVolume(), c.failureRatio(), c.delay(), c.successThreshold());
    }
}
