package io.reelay.testing.broker;

import org.testcontainers.kafka.KafkaContainer;

/**
 * A single-node KRaft broker in Docker, used instead of {@link EmbeddedKafkaBroker} where a Docker daemon runs.
 * Kept apart so that Testcontainers' Kafka classes load only when Docker is there. The image sets the single-node
 * replication and transaction settings itself.
 */
final class ContainerKafkaBroker implements KafkaBroker {

    /** Must match the kafka-clients version Quarkus brings ({@code kafka.version} in the pom). */
    static final String IMAGE = "apache/kafka:4.1.1";

    private final KafkaContainer container = new KafkaContainer(IMAGE);

    ContainerKafkaBroker() {
        container.start();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
