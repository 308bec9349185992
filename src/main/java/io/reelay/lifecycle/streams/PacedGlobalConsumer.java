package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The global store's consumer (the shared durations): once it follows its topic, a poll waits up to
 * {@link #FOLLOW_MS} rather than Kafka Streams' {@code poll.ms} (100 ms). A record still ends the wait at once; what
 * changes is the global thread's empty wake-ups of an idle instance, ten a second, each a pass through its loop. The
 * store's first read (a restore) asks for {@code poll.ms} plus the request timeout, longer than this, and keeps it.
 * What it costs: the global thread notices a request to stop up to a second later.
 */
final class PacedGlobalConsumer extends KafkaConsumer<byte[], byte[]> {

    static final long FOLLOW_MS = 1_000;

    PacedGlobalConsumer(Map<String, Object> config) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        return super.poll(Duration.ofMillis(pollMs(timeout.toMillis())));
    }

    /** The wait for a poll Kafka Streams asks to wait {@code asked} ms: a short wait is stretched, none stays none. */
    static long pollMs(long asked) {
        return asked <= 0 || asked >= FOLLOW_MS ? asked : FOLLOW_MS;
    }
}
