package io.reelay.testing.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps every span the application ends in memory, for {@code @QuarkusTest}s to assert on: the
 * {@code cdi} span exporter (Quarkus's default) hands spans to every {@code SpanExporter} bean.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
