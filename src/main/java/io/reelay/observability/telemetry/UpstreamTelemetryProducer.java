package io.reelay.observability.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires {@link UpstreamTelemetry} to the application's meter registry and OpenTelemetry. */
@ApplicationScoped
public class UpstreamTelemetryProducer {

    @Produces
    @Singleton
    UpstreamTelemetry upstreamTelemetry(MeterRegistry registry, Instance<OpenTelemetry> telemetry) {
        return new UpstreamTelemetry(registry, openTelemetry(telemetry).getTracer(UpstreamTelemetry.INSTRUMENTATION));
    }

    /**
     * The application's OpenTelemetry, or the no-op one in a build without the extension
     * ({@code -Dquarkus.otel.enabled=false}: no tracing, and none of its context propagation on every reactive step).
     */
    public static OpenTelemetry openTelemetry(Instance<OpenTelemetry> telemetry) {
        return telemetry.isResolvable() ? telemetry.get() : OpenTelemetry.noop();
    }
}
