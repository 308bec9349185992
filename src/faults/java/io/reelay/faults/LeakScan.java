package io.reelay.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for a secret where it must never be: in a log file, and in any record of any topic (internal ones and
 * changelogs included, and aborted transactions too, since they are on disk: read_uncommitted), in keys, values
 * and headers.
 */
final class LeakScan {

    private LeakScan() {
    }

    /** Lines of the file that contain the secret. */
    static List<String> inFile(Path file, String secret) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(secret)).limit(20).toList();
        }
    }

    /** "topic-partition@offset" of every record that carries one of the secrets (all topics read once). */
    static List<String> inTopics(String bootstrapServers, List<String> secrets, Duration within) throws Exception {
        List<byte[]> needles = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        List<String> found = new ArrayList<>();
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(within.toSeconds(), TimeUnit.SECONDS);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, within).forEach(p -> partitions.add(new TopicPartition(topic,
                        p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, within);
            long deadline = System.nanoTime() + within.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read every topic within " + within);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (needles.stream().anyMatch(needle -> carries(record, needle))) {
                        found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                    }
                }
            }
        }
        return found;
    }

    private static boolean carries(ConsumerRecord<byte[], byte[]> record, byte[] needle) {
        if (contains(record.key(), needle) || contains(record.value(), needle)) {
            return true;
        }
        for (Header header : record.headers()) {
            if (contains(header.value(), needle)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || haystack.length < needle.length) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
