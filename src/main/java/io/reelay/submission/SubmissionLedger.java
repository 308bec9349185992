package io.reelay.submission;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import io.reelay.messaging.Topics;
import io.reelay.submission.config.SubmitterConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers "has this request id been seen before?" before any paid call: from the tracker's state
 * stores (every request from intent to terminal event, and finished ones for a retention period),
 * and from the ids this instance claimed recently, which the stores may not show yet.
 */
@ApplicationScoped
public class SubmissionLedger {

    private static final Logger LOG = Logger.getLogger(SubmissionLedger.class);

    private final KafkaStreams streams;
    private final long recentWindowMillis;
    private final Map<String, Long> recent = new LinkedHashMap<>();

    SubmissionLedger(KafkaStreams streams, SubmitterConfig config) {
        this.streams = streams;
        this.recentWindowMillis = config.recentWindow().toMillis();
    }

    /**
     * Claims a request id for submission. Completes with true when the id is new (the caller may
     * submit), false when it was seen before. While the stores cannot be read (start-up,
     * rebalance) it waits and retries: a paid call is never made on a guess.
     */
    public Uni<Boolean> claim(String requestId) {
        return Uni.createFrom().item(() -> knownToStores(requestId))
                .onFailure(InvalidStateStoreException.class).invoke(e -> LOG.debugf("Stores not readable yet: %s", e.getMessage()))
                .onFailure(InvalidStateStoreException.class).retry()
                .withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).indefinitely()
                .map(known -> !known && claimRecent(requestId));
    }

    private boolean knownToStores(String requestId) {
        return store(Topics.IN_FLIGHT_STORE).get(requestId) != null
                || store(Topics.FINISHED_STORE).get(requestId) != null;
    }

    private ReadOnlyKeyValueStore<String, Object> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Object>keyValueStore()));
    }

    private synchronized boolean claimRecent(String requestId) {
        long now = System.currentTimeMillis();
        for (Iterator<Long> it = recent.values().iterator(); it.hasNext(); ) {
            if (now - it.next() <= recentWindowMillis) {
                break;
            }
            it.remove();
        }
        return recent.putIfAbsent(requestId, now) == null;
    }
}
