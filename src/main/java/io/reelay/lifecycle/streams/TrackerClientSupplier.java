package io.reelay.lifecycle.streams;

import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import io.reelay.config.ReelayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Kafka Streams' clients as its default supplier makes them, but the main consumer is a {@link PacedMainConsumer}:
 * its polls wait for the stream thread's next tick rather than a fixed {@code poll.ms} (Quarkus hands this bean to
 * Kafka Streams). The restore and global consumers keep {@code poll.ms}: a record, not a timeout, is what they wait for.
 */
@Singleton
public class TrackerClientSupplier implements KafkaClientSupplier {

    @Inject
    ReelayConfig reelay;

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new PacedMainConsumer(config, reelay.tracker().tickInterval().toMillis());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
