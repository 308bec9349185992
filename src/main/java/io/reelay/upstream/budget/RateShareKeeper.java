package io.reelay.upstream.budget;

import java.util.Collection;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.reelay.kafka.Topics;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Keeps this instance's share of each key's rate equal to its share of the request partitions, so
 * that all instances together stay within the published limit. Checked every few seconds, since
 * partitions move when instances come and go.
 */
@ApplicationScoped
public class RateShareKeeper {

    private static final Logger LOG = Logger.getLogger(RateShareKeeper.class);
    private static final long PERIOD_MS = 5_000;

    private final RateBudgets budgets;
    private final Instance<KafkaStreams> streams;
    private double current = 1.0;

    RateShareKeeper(RateBudgets budgets, Instance<KafkaStreams> streams) {
        this.budgets = budgets;
        this.streams = streams;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(PERIOD_MS, id -> vertx.executeBlocking(() -> {
            update();
            return null;
        }).subscribe().with(ok -> { }, e -> LOG.debugf("Rate share not updated: %s", e.getMessage())));
    }

    void update() {
        KafkaStreams kafkaStreams = streams.get();
        if (kafkaStreams.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        long local = kafkaStreams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(Topics.TASKS))
                .count();
        Collection<StreamsMetadata> clients = kafkaStreams.metadataForAllStreamsClients();
        long total = clients.stream().flatMap(c -> c.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(Topics.TASKS)).distinct().count();
        if (local == 0 && total > 0) {
            // None here: as an instance joins, it runs between two rebalances before its tasks are handed over, and
            // they would start calling on a share of nothing until the next look. An instance that really serves no
            // partition makes no calls, so its last share costs the others nothing meanwhile.
            return;
        }
        double share = total == 0 ? 1.0 : (double) local / total;
        if (Math.abs(share - current) > 1e-9) {
            LOG.infof("This instance now serves %d of %d partitions: %.0f%% of each upstream rate budget",
                    local, total, share * 100);
            current = share;
            budgets.share(share);
        }
    }
}
