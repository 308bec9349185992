package io.reelay.testing.broker;

import java.util.Collection;

/** A Kafka cluster the tests and the demo can talk to, however it was started. */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients. */
    String bootstrapServers();

    /** Creates the topics with replication factor 1; topics that already exist are left as they are. */
    default void createTopics(Collection<String> names, int partitions) {
        TopicAdmin.createTopics(bootstrapServers(), names, partitions);
    }

    /** Stops the broker if this process started it. */
    @Override
    void close();
}
