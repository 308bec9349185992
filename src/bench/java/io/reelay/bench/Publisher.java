package io.reelay.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.Topics;

/** Publishes requests to video.requests as a producer application would (Avro, acks=all, idempotent). */
final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final java.util.function.Function<VideoRequested, byte[]> encoder;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Publisher(String bootstrapServers) {
        this(bootstrapServers, AvroSerde.of(VideoRequested.class)::encode);
    }

    /** Writes each request with {@code encoder} (the previous release's schema, for the baseline). */
    Publisher(String bootstrapServers, java.util.function.Function<VideoRequested, byte[]> encoder) {
        this.encoder = encoder;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends them all as fast as the producer takes them, and waits until the broker has them. */
    void burst(int count, IntFunction<VideoRequested> request) {
        for (int n = 0; n < count; n++) {
            send(request.apply(n));
        }
        flush();
    }

    /**
     * Sends them evenly over {@code window} (real time: the pace is the workload), calling {@code alongside}
     * with each one as it goes out.
     */
    void paced(int count, Duration window, IntFunction<VideoRequested> request,
            java.util.function.Consumer<VideoRequested> alongside) throws InterruptedException {
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            long due = start + window.toNanos() * n / Math.max(1, count);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            VideoRequested r = request.apply(n);
            send(r);
            alongside.accept(r);
        }
        flush();
    }

    private void send(VideoRequested request) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getRequestId(), encoder.apply(request)),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
