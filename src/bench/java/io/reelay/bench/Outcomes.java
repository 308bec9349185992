package io.reelay.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.reelay.kafka.Topics;

/**
 * What a consumer of Reelay sees: the terminal events on video.completed and video.failed (read
 * committed), and the wall-clock time each was received, for the request ids with a given prefix.
 */
final class Outcomes implements AutoCloseable {

    /**
     * When a request's terminal event was received (epoch ms) and whether it was a completion.
     *
     * @param writtenAtMs the record's timestamp: when the service wrote the event (its wall clock)
     * @param completion the completion event itself, or null for a failure
     */
    record Outcome(long receivedAtMs, boolean completed, String upstreamTaskId, String failure, long writtenAtMs,
            io.reelay.events.VideoCompleted completion) {
    }

    /** Told of each completion as it is consumed, on the consumer's thread: must return at once. */
    interface CompletionListener {
        void consumed(io.reelay.events.VideoCompleted completion, long writtenAtMs);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Outcome> byRequest = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final String prefix;
    private final CompletionListener listener;
    private final Thread thread;
    private volatile boolean closed;

    Outcomes(String bootstrapServers, String prefix, boolean countCreated) {
        this(bootstrapServers, prefix, countCreated, (completion, writtenAtMs) -> {
        });
    }

    Outcomes(String bootstrapServers, String prefix, boolean countCreated, CompletionListener listener) {
        this.prefix = prefix;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + prefix,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(countCreated ? java.util.List.of(Topics.COMPLETED, Topics.FAILED, Topics.TASKS)
                : java.util.List.of(Topics.COMPLETED, Topics.FAILED));
        // Joined and positioned before anything is published: "latest" then means "from now".
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.assignment().forEach(p -> consumer.position(p));
        this.thread = new Thread(this::loop, "bench-outcomes-" + prefix);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        io.reelay.kafka.avro.AvroSerde<io.reelay.events.VideoTaskEvent> tasks =
                io.reelay.kafka.avro.AvroSerde.of(io.reelay.events.VideoTaskEvent.class);
        io.reelay.kafka.avro.AvroSerde<io.reelay.events.VideoCompleted> completions =
                io.reelay.kafka.avro.AvroSerde.of(io.reelay.events.VideoCompleted.class);
        io.reelay.kafka.avro.AvroSerde<io.reelay.events.VideoFailed> failures =
                io.reelay.kafka.avro.AvroSerde.of(io.reelay.events.VideoFailed.class);
        while (!closed) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                if (r.key() == null || !r.key().startsWith(prefix)) {
                    continue;
                }
                long now = System.currentTimeMillis();
                if (Topics.TASKS.equals(r.topic())) {
                    if (tasks.decode(r.value()).getType() == io.reelay.events.VideoTaskEventType.created) {
                        created.incrementAndGet();
                    }
                } else if (Topics.COMPLETED.equals(r.topic())) {
                    var completion = completions.decode(r.value());
                    if (byRequest.putIfAbsent(r.key(), new Outcome(now, true, completion.getUpstreamTaskId(), null,
                            r.timestamp(), completion)) == null) {
                        listener.consumed(completion, r.timestamp());
                    }
                } else {
                    var failed = failures.decode(r.value());
                    byRequest.putIfAbsent(r.key(), new Outcome(now, false, failed.getUpstreamTaskId(),
                            failed.getReason() + ": " + failed.getMessage(), r.timestamp(), null));
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    int ended() {
        return byRequest.size();
    }

    long completed() {
        return byRequest.values().stream().filter(Outcome::completed).count();
    }

    long created() {
        return created.get();
    }

    Outcome of(String requestId) {
        return byRequest.get(requestId);
    }

    /** Waits until {@code count} requests have ended or {@code within} has passed; true if they all did. */
    boolean awaitEnded(int count, Duration within) {
        return awaitCount(this::ended, count, within);
    }

    boolean awaitCreated(long count, Duration within) {
        return awaitCount(this::created, count, within);
    }

    private static boolean awaitCount(java.util.function.LongSupplier current, long count, Duration within) {
        try {
            org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(20))
                    .until(() -> current.getAsLong() >= count);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(10_000);
    }
}
