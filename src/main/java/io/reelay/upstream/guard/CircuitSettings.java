package io.reelay.upstream.guard;

import java.time.Duration;

import io.reelay.upstream.config.UpstreamGuardConfig;

/** Circuit breaker settings as plain values. */
public record CircuitSettings(int requestVolume, double failureRatio, Duration delay, int successThreshold) {

    public static CircuitSettings from(UpstreamGuardConfig c) {
        return new CircuitSettings(c.requestVolume(), c.failureRatio(), c.delay(), c.successThreshold());
    }
}
