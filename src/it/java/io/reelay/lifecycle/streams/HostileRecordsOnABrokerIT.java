package io.reelay.lifecycle.streams;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.kafka.DeadLetters;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.SingleObjectAvro;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorResource;

/**
 * The hostile-input suite's records against the real service and a real broker, sent the way a non-Java client
 * sends them: with librdkafka's default partitioner (CRC32 of the key), so most land on another partition than the
 * one that owns their key. Every record gets exactly one outcome (a dead letter naming where it was sent, or one
 * failure event), none reaches the upstream, the valid requests among them complete once each, and the tracker is
 * still RUNNING at the end.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class HostileRecordsOnABrokerIT {

    private static final int HOSTILE = Integer.getInteger("reelay.test.hostile.broker-records", 2_000);
    private static final int CONTROLS = 40;
    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static TopicClient kafka;
    private static KafkaProducer<String, byte[]> crc32Producer;

    /** librdkafka's default ("consistent_random"): CRC32 of the key, modulo the partition count. */
    public static final class Crc32Partitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            int partitions = cluster.partitionsForTopic(topic).size();
            if (keyBytes == null) {
                return (int) (Math.random() * partitions);
            }
            CRC32 crc = new CRC32();
            crc.update(keyBytes);
            return (int) (crc.getValue() % partitions);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @BeforeAll
    static void connect() {
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, Crc32Partitioner.class);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        crc32Producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void disconnect() {
        crc32Producer.close();
        kafka.close();
    }

    private record Sent(String topic, String key, RecordMetadata at) {
        String position() {
            return topic + "/" + at.partition() + "/" + at.offset();
        }
    }

    @Test
    void everyHostileRecordEndsOnceAndTheValidOnesCompleteWhateverTheirPartition() throws Exception {
        String run = "hb-" + UUID.randomUUID().toString().substring(0, 8);
        var generator = new HostileInputPropertiesIT();
        List<Sent> hostile = new ArrayList<>();
        List<String> controls = new ArrayList<>();
        var records = generator.hostile().filter(h -> h.value() == null || h.value().length < 1_000_000)
                .sampleStream().limit(HOSTILE).toList();
        int i = 0;
        for (var h : records) {
            var record = new ProducerRecord<>(h.topic(), h.key(), h.value());
            h.headers().forEach(header -> record.headers().add(header));
            hostile.add(new Sent(h.topic(), h.key(), crc32Producer.send(record).get()));
            if (++i % (HOSTILE / CONTROLS) == 0) {
                String id = run + "-ok-" + i;
                controls.add(id);
                crc32Producer.send(new ProducerRecord<>(Topics.REQUESTS, id,
                        SingleObjectAvro.encode(HostileInputPropertiesIT.validRequest(id)))).get();
            }
        }

        Set<String> hostileKeys = new HashSet<>();
        hostile.forEach(s -> {
            if (s.key() != null) {
                hostileKeys.add(s.key());
            }
        });
        Map<String, Integer> deadByPosition = new HashMap<>();
        Map<String, Integer> failedByKey = new HashMap<>();
        Map<String, Integer> completedByKey = new HashMap<>();
        Set<String> positions = new HashSet<>();
        hostile.forEach(s -> positions.add(s.position()));
        kafka.readUntil(List.of(Topics.REQUESTS_DLQ, Topics.FAILED, Topics.COMPLETED), WITHIN, r -> {
            count(r, positions, hostileKeys, controls, deadByPosition, failedByKey, completedByKey);
            int outcomes = deadByPosition.values().stream().mapToInt(n -> n).sum()
                    + failedByKey.values().stream().mapToInt(n -> n).sum();
            return outcomes >= hostile.size() && completedByKey.keySet().containsAll(controls);
        });
        // A second outcome would come right behind the first: keep reading for a while.
        kafka.readUntil(List.of(Topics.REQUESTS_DLQ, Topics.FAILED, Topics.COMPLETED), Duration.ofSeconds(5), r -> {
            return false;
        });

        List<String> withoutOutcome = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (Sent s : hostile) {
            int n = deadByPosition.getOrDefault(s.position(), 0) + (s.key() == null ? 0
                    : failedByKey.getOrDefault(s.key(), 0));
            if (n == 0) {
                withoutOutcome.add(s.position());
            } else if (n > 1) {
                twice.add(s.position());
            }
        }
        assertThat(withoutOutcome).as("hostile records without an outcome").isEmpty();
        assertThat(twice).as("hostile records with more than one outcome").isEmpty();
        assertThat(completedByKey.keySet()).as("valid requests completed").containsAll(controls);
        assertThat(completedByKey.values()).as("one completion each").containsOnly(1);

        Map<String, Integer> submits = given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .extract().jsonPath().getMap("submitsByRequestId", String.class, Integer.class);
        assertThat(submits.keySet()).as("hostile request ids the upstream saw").doesNotContainAnyElementsOf(
                hostileKeys);
        controls.forEach(id -> assertThat(submits).as(id).containsEntry(id, 1));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void count(Received r, Set<String> positions, Set<String> hostileKeys, List<String> controls,
            Map<String, Integer> deadByPosition, Map<String, Integer> failedByKey,
            Map<String, Integer> completedByKey) {
        if (r.topic().equals(Topics.REQUESTS_DLQ)) {
            String position = r.header(DeadLetters.TOPIC) + "/" + r.header(DeadLetters.PARTITION) + "/"
                    + r.header(DeadLetters.OFFSET);
            if (positions.contains(position)) {
                deadByPosition.merge(position, 1, Integer::sum);
            }
        } else if (r.topic().equals(Topics.FAILED) && r.key() != null && hostileKeys.contains(r.key())) {
            failedByKey.merge(r.key(), 1, Integer::sum);
        } else if (r.topic().equals(Topics.COMPLETED) && r.key() != null && controls.contains(r.key())) {
            completedByKey.merge(r.key(), 1, Integer::sum);
        }
    }
}
