package io.reelay.lifecycle.streams;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import io.reelay.kafka.IdleFetch;
import jakarta.inject.Singleton;

/**
 * Kafka Streams' clients as its default supplier makes them, but the main consumer is a {@link PacedMainConsumer}:
 * its polls wait for the stream thread's next tick rather than a fixed {@code poll.ms} (Quarkus hands this bean to
 * Kafka Streams); and the global consumer a {@link PacedGlobalConsumer}, whose polls wait a second once it follows its
 * topic, and whose empty fetches the broker holds for {@link IdleFetch#MAX_WAIT_MS}. The restore consumer keeps
 * {@code poll.ms}: a restore notices its end only when a poll ends.
 */
@Singleton
public class TrackerClientSupplier implements KafkaClientSupplier {

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new PacedMainConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new PacedGlobalConsumer(IdleFetch.follower(new HashMap<>(config)));
    }
}
