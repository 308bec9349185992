package io.reelay.upstream.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The circuit breaker in front of each provider: stop hammering an upstream that does not answer. */
@ConfigMapping(prefix = "reelay.upstream.circuit-breaker")
public interface UpstreamGuardConfig {

    /** Calls looked at to decide whether the upstream is failing. */
    @WithDefault("20")
    int requestVolume();

    /**
     * Share of those calls saying the upstream is in trouble (5xx, connection failed, silence past the
     * deadline; never 4xx or 429: see GuardedProvider) that opens the circuit.
     */
    @WithDefault("0.5")
    double failureRatio();

    /** How long the circuit stays open before letting trial calls through. */
    @WithDefault("PT30S")
    Duration delay();

    /** Trial calls that must succeed to close it again. */
    @WithDefault("3")
    int successThreshold();
}
