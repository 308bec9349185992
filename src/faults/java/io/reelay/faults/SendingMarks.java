package io.reelay.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.SingleObjectAvro;

/**
 * When each request's last committed {@code sending} mark was written (its {@code occurred_at}, the service's
 * clock, which is this machine's): the kill that followed it is the one that left the request's submit unknown. And
 * which requests were admitted (a committed {@code submitting} intent): the ones the ledger must have reserved.
 *
 * @param lastMarkAt epoch ms of each request's last committed sending mark
 * @param admitted the requests with a committed intent
 */
record SendingMarks(Map<String, Long> lastMarkAt, Set<String> admitted) {

    /** Of every request whose id starts with {@code prefix}, read from video.tasks to its end. */
    static SendingMarks read(String bootstrapServers, String prefix, Duration within) {
        Map<String, Long> last = new HashMap<>();
        Set<String> admitted = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.TASKS, within).forEach(p -> partitions.add(new TopicPartition(Topics.TASKS,
                    p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, within);
            long deadline = System.nanoTime() + within.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.TASKS + " to its end within " + within);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix) || record.value() == null) {
                        continue;
                    }
                    VideoTaskEvent event = SingleObjectAvro.decode(record.value(), VideoTaskEvent.class);
                    if (event.getType() == VideoTaskEventType.sending) {
                        last.merge(record.key(), event.getOccurredAt().toEpochMilli(), Math::max);
                    } else if (event.getType() == VideoTaskEventType.submitting) {
                        admitted.add(record.key());
                    }
                }
            }
        }
        return new SendingMarks(last, admitted);
    }
}
