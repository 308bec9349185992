package io.reelay.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes and reads Reelay topics the way producers and consumers of the product do: string keys (the request id),
 * Avro single-object encoded values, and reads at {@code read_committed} because Reelay writes in transactions.
 *
 * <pre>{@code
 * try (var kafka = new TopicClient(bootstrapServers)) {
 *     kafka.send(Topics.REQUESTS, "r-1", videoRequested);
 *     VideoCompleted done = kafka.read(Topics.COMPLETED, 1, Duration.ofSeconds(30)).get(0).value(VideoCompleted.class);
 * }
 * }</pre>
 */
public final class TopicClient implements AutoCloseable {

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends an Avro record and waits for the broker's acknowledgement. */
    public RecordMetadata send(String topic, String key, SpecificRecord value) {
        return send(topic, key, SingleObjectAvro.encode(value), Map.of());
    }

    /** Sends raw bytes (e.g. a malformed value) and waits for the broker's acknowledgement. */
    public RecordMetadata send(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer().send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + topic, e);
        }
    }

    /**
     * Reads a topic from its beginning until {@code count} committed records arrived.
     *
     * @throws IllegalStateException if fewer arrived within {@code within}, naming those that did
     */
    public List<Received> read(String topic, int count, Duration within) {
        List<Received> records = new ArrayList<>();
        boolean enough = readUntil(List.of(topic), within, record -> {
            records.add(record);
            return records.size() >= count;
        });
        if (!enough) {
            throw new IllegalStateException("Expected " + count + " records on " + topic + " within " + within
                    + ", got " + records.size() + ": " + records);
        }
        return records;
    }

    /** Every committed record on the topic, from the beginning, that arrives within {@code window}. */
    public List<Received> readAll(String topic, Duration window) {
        List<Received> records = new ArrayList<>();
        readUntil(List.of(topic), window, records::add);
        return records;
    }

    /**
     * Reads the topics from their beginning and hands each committed record to {@code done}, in the order they
     * arrive, until it answers true.
     *
     * @return true if {@code done} answered true, false if the deadline passed first
     */
    public boolean readUntil(Collection<String> topics, Duration within, Predicate<Received> done) {
        long deadline = System.nanoTime() + within.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            // Assigning every partition, instead of subscribing in a group, skips the group join and any
            // committed offsets: each read sees the whole topic.
            List<TopicPartition> partitions = partitionsOf(consumer, topics, within);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofNanos(Math.min(left,
                        Duration.ofMillis(200).toNanos())))) {
                    if (done.test(received(record))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, Collection<String> topics,
            Duration within) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            var infos = consumer.partitionsFor(topic, within);
            if (infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private static Received received(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Received(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
