package io.reelay.lifecycle.query;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lists requests from the tracker's stores by interactive query: every active partition this instance owns, the
 * in-flight store then the finished one, keeping the newest rows a filter accepts. The stores are keyed by request
 * id, not by time, so a list reads every record of them, up to {@code reelay.api.list.max-scan} records a call (the
 * page then says it is partial). It never waits for a rebalance: a partition that is restoring or moving is skipped
 * and the page says partial.
 */
@ApplicationScoped
public class StoreRequestList implements RequestListQuery {

    private static final Logger LOG = Logger.getLogger(StoreRequestList.class);

    private final KafkaStreams streams;
    private final Instance self;
    private final long maxScan;

    @Inject
    StoreRequestList(KafkaStreams streams,
            @ConfigProperty(name = "quarkus.kafka-streams.application-server") Optional<String> applicationServer,
            ReelayConfig config) {
        this(streams, applicationServer, config.api().list().maxScan());
    }

    StoreRequestList(KafkaStreams streams, Optional<String> applicationServer, long maxScan) {
        this.streams = streams;
        this.maxScan = maxScan;
        this.self = applicationServer.map(HostInfo::buildFromEndpoint).map(h -> new Instance(h.host(), h.port()))
                .orElse(Instance.UNKNOWN);
    }

    @Override
    public Instance self() {
        return self;
    }

    @Override
    public List<Instance> others() {
        try {
            return streams.streamsMetadataForStore(Topics.IN_FLIGHT_STORE).stream()
                    .filter(m -> !m.topicPartitions().isEmpty())
                    .map(StreamsMetadata::hostInfo).map(h -> new Instance(h.host(), h.port()))
                    .filter(i -> !i.equals(self)).distinct().toList();
        } catch (RuntimeException e) {
            // Not running: nobody else can be named.
            return List.of();
        }
    }

    @Override
    public LocalPage local(ListFilter filter) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new LocalPage(List.of(), true);
        }
        Newest newest = new Newest(filter.limit());
        long[] scanned = { 0 };
        boolean partial = false;
        for (int partition : partitions()) {
            try {
                partial |= scan(this.<TrackedTask>store(Topics.IN_FLIGHT_STORE, partition), filter, newest, scanned,
                        task -> RequestSummary.of(RequestStatusMapper.inFlight(task), task.getSubmitAttempts()));
                partial |= scan(this.<FinishedRequest>store(Topics.FINISHED_STORE, partition), filter, newest,
                        scanned, done -> RequestSummary.of(RequestStatusMapper.finished(done), null));
            } catch (InvalidStateStoreException e) {
                LOG.debugf("Partition %d not listed: %s", partition, e.getMessage());
                partial = true;
            }
        }
        return new LocalPage(newest.newestFirst(), partial);
    }

    /** @return whether it stopped at the scan bound */
    private <V> boolean scan(ReadOnlyKeyValueStore<String, V> store, ListFilter filter, Newest newest, long[] scanned,
            Function<V, RequestSummary> summary) {
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                if (scanned[0]++ >= maxScan) {
                    return true;
                }
                V value = all.next().value;
                if (value == null) {
                    continue;
                }
                RequestSummary row;
                try {
                    row = summary.apply(value);
                } catch (RuntimeException e) {
                    // A record this version cannot show is skipped, not the whole list.
                    continue;
                }
                if (filter.matches(row)) {
                    newest.offer(row);
                }
            }
        }
        return false;
    }

    /** This instance's active partitions of the tracker's topics (the stores' partitions). */
    private Set<Integer> partitions() {
        Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().forEach(tp -> {
                    if (Topics.TASKS.equals(tp.topic())) {
                        partitions.add(tp.partition());
                    }
                })));
        return partitions;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
