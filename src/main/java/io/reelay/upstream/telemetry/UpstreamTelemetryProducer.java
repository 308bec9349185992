package io.reelay.upstream.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires {@link UpstreamTelemetry} to the application's meter registry and OpenTelemetry. */
@ApplicationScoped
public class UpstreamTelemetryProducer {

    @Produces
    @Singleton
    UpstreamTelemetry upstreamTelemetry(MeterRegistry registry, OpenTelemetry telemetry) {
        return new UpstreamTelemetry(registry, telemetry.getTracer(UpstreamTelemetry.INSTRUMENTATION));
    }
}
