package io.reelay.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.reelay.events.LedgerEntry;
import io.reelay.faults.LedgerAudit.Keyed;
import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.SingleObjectAvro;

/** Every committed record of video.ledger (read_committed), from the beginning to the end of each partition. */
final class LedgerTopic {

    private LedgerTopic() {
    }

    static List<Keyed> read(String bootstrapServers, Duration within) {
        List<Keyed> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.LEDGER, within).forEach(p -> partitions.add(new TopicPartition(
                    Topics.LEDGER, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, within);
            long deadline = System.nanoTime() + within.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.LEDGER + " to its end within " + within);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new Keyed(record.key(), decode(record.value())));
                }
            }
        }
        return records;
    }

    private static LedgerEntry decode(byte[] value) {
        try {
            return value == null ? null : SingleObjectAvro.decode(value, LedgerEntry.class);
        } catch (RuntimeException e) {
            return null; // counted by the audit
        }
    }
}
