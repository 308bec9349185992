package io.reelay.observability.health;

import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready only while the tracker's Kafka Streams client is RUNNING: every partition assigned to this
 * instance restored and processed. The Quarkus extension's own Streams check is a liveness check
 * that also passes while REBALANCING (restoring state, partitions moving), when this instance does
 * not yet process its share: a rolling deployment should wait for it.
 */
@Readiness
@ApplicationScoped
public class TrackerReadinessCheck implements HealthCheck {

    /** The check's name in /q/health/ready. */
    public static final String NAME = "Reelay tracker (Kafka Streams) running";

    private final Supplier<KafkaStreams.State> state;

    @Inject
    TrackerReadinessCheck(KafkaStreams streams) {
        this(streams::state);
    }

    TrackerReadinessCheck(Supplier<KafkaStreams.State> state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State now = state.get();
        return HealthCheckResponse.named(NAME)
                .status(now == KafkaStreams.State.RUNNING)
                .withData("state", now.name())
                .build();
    }
}
