package io.reelay.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * For consumers that follow a quiet topic (the catalog, the durations' global store, the webhooks' state and terminal
 * events): how long the broker may hold their fetch when it has nothing for them. The broker answers a fetch as soon as
 * a record arrives whatever this is, so it costs no latency; it only sets how often an idle consumer's fetch comes back
 * empty (Kafka's default, 500 ms, is two wake-ups a second for each such consumer, each in code an idle instance never
 * runs often enough to compile). A consumer that pauses and resumes partitions holds its fetches no longer than it
 * may wait to read again after a resume (a partition resumed while a fetch is held waits for it); Kafka Streams' main
 * and restore consumers keep the default.
 */
public final class IdleFetch {

    /** The longest the broker holds an idle follower's fetch. */
    public static final int MAX_WAIT_MS = 5_000;

    private IdleFetch() {
    }

    /** The same settings, with the broker's hold set to {@link #MAX_WAIT_MS} unless the operator set one. */
    public static Map<String, Object> follower(Map<String, Object> config) {
        return follower(config, Duration.ofMillis(MAX_WAIT_MS));
    }

    /** The same settings, with the broker's hold set to {@code hold} unless the operator set one. */
    public static Map<String, Object> follower(Map<String, Object> config, Duration hold) {
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) hold.toMillis());
        return config;
    }
}
