package io.reelay.upstream.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires {@link UpstreamTelemetry} to the application's meter registry. */
@ApplicationScoped
public class UpstreamTelemetryProducer {

    @Produces
    @Singleton
    UpstreamTelemetry upstreamTelemetry(MeterRegistry registry) {
        return new UpstreamTelemetry(registry);
    }
}
