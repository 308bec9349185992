package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The tracker's main consumer: a poll waits until its stream thread's next tick ({@link TickWakes}), at most the
 * {@code poll.ms} Kafka Streams asks for. A record arriving ends the wait as before; what changes is the empty wake-ups
 * of an idle instance, from one every 100 ms to one per tick (once a second when nothing is due).
 */
final class PacedMainConsumer extends KafkaConsumer<byte[], byte[]> {

    private final long fallbackMs;

    /** @param fallbackMs the longest wait while no tracker ticks on the polling thread (the tick interval) */
    PacedMainConsumer(Map<String, Object> config, long fallbackMs) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.fallbackMs = fallbackMs;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        return super.poll(Duration.ofMillis(TickWakes.ofThisThread().pollMs(timeout.toMillis(), fallbackMs,
                System.currentTimeMillis())));
    }
}
