package io.reelay.tracking.streams;

import org.apache.kafka.streams.Topology;

import io.reelay.tracking.config.TrackerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.ProviderRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Hands the tracker topology to the Quarkus Kafka Streams extension. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology trackerTopology(TrackerConfig config, ProviderRegistry providers, MeterRegistry registry) {
        return TrackerTopology.buildTopology(TrackerSettings.from(config), providers::provider,
                new TrackerMetrics(registry));
    }
}
