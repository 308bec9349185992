package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The tracker's main consumer: once trackers tick on the polling thread, a poll waits until the earliest of their
 * next ticks ({@link TickWakes}), at most {@link #MAX_WAIT_MS}, instead of the {@code poll.ms} Kafka Streams asks
 * for (100 ms). A record arriving ends the wait as before; what changes is the empty wake-ups of an idle instance,
 * from one every 100 ms to one a second. Before any tracker ticks on the thread
 * (its tasks restoring) and when Kafka Streams asks not to wait, its own timeout stands.
 */
final class PacedMainConsumer extends KafkaConsumer<byte[], byte[]> {

    /**
     * The longest a poll waits: Kafka Streams does its own chores between polls (a task restored beside running ones
     * taken over, a request to stop noticed), so its loop goes round at least once a second whatever the ticks' pace. A
     * pass with no tick commits nothing.
     */
    static final long MAX_WAIT_MS = 1_000;

    PacedMainConsumer(Map<String, Object> config) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        long asked = timeout.toMillis();
        if (asked <= 0) {
            return super.poll(timeout);
        }
        return super.poll(Duration.ofMillis(TickWakes.ofThisThread().pollMs(MAX_WAIT_MS, asked,
                System.currentTimeMillis())));
    }
}
