package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The tracker's main consumer: once trackers tick on the polling thread, a poll waits until the earliest of their
 * next ticks ({@link TickWakes}), at most {@link TickPace#IDLE_MS} (idle ticks fall on that grid anyway), instead of
 * the {@code poll.ms} Kafka Streams asks for (100 ms). A record arriving ends the wait as before; what changes is the
 * empty wake-ups of an idle instance, from one every 100 ms to one per tick. Before any tracker ticks on the thread
 * (its tasks restoring) and when Kafka Streams asks not to wait, its own timeout stands.
 */
final class PacedMainConsumer extends KafkaConsumer<byte[], byte[]> {

    PacedMainConsumer(Map<String, Object> config) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        long asked = timeout.toMillis();
        if (asked <= 0) {
            return super.poll(timeout);
        }
        return super.poll(Duration.ofMillis(TickWakes.ofThisThread().pollMs(TickPace.IDLE_MS, asked,
                System.currentTimeMillis())));
    }
}
