package io.reelay.lifecycle.query;

import java.util.Locale;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.reelay.kafka.Topics;
import io.reelay.storage.DisabledMirror;
import io.reelay.storage.VideoMirror;
import jakarta.inject.Inject;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a request's state from the tracker's stores by interactive query. The id's partition (the tracker's topics
 * are co-partitioned by request id) decides which instance owns it; this instance answers only for its own active
 * partitions and names the owner for the rest. It never waits for a rebalance: while the stores move or restore,
 * the answer is {@link QueryResult.Unavailable}.
 */
@ApplicationScoped
public class StoreStatusQuery implements RequestStatusQuery {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final Instance self;
    private final VideoMirror mirror;
    private final QueueBoard queues;

    /** Without object storage: the stored copies' kept URLs are shown as they are. */
    StoreStatusQuery(KafkaStreams streams, Optional<String> applicationServer) {
        this(streams, applicationServer, new DisabledMirror(), new QueueBoard());
    }

    @Inject
    StoreStatusQuery(KafkaStreams streams,
            @ConfigProperty(name = "quarkus.kafka-streams.application-server") Optional<String> applicationServer,
            VideoMirror mirror, QueueBoard queues) {
        this.streams = streams;
        this.mirror = mirror;
        this.queues = queues;
        this.self = applicationServer.map(HostInfo::buildFromEndpoint).map(StoreStatusQuery::instance)
                .orElse(Instance.UNKNOWN);
    }

    @Override
    public Instance self() {
        return self;
    }

    /** Whether {@code instance} is the application server of one of this application's Kafka Streams clients. */
    @Override
    public boolean isMember(Instance instance) {
        if (instance == null || !instance.reachable()) {
            return false;
        }
        try {
            return streams.metadataForAllStreamsClients().stream()
                    .anyMatch(client -> instance.equals(instance(client.hostInfo())));
        } catch (RuntimeException e) {
            // Not started, or shutting down: nobody can be vouched for.
            return false;
        }
    }

    @Override
    public QueryResult find(String requestId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable("the tracker is " + state.name().toLowerCase(Locale.ROOT));
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(Topics.IN_FLIGHT_STORE, requestId, KEYS);
        } catch (IllegalStateException e) {
            return new QueryResult.Unavailable(e.getMessage());
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new QueryResult.Unavailable("the owner of this request's partition is not known yet (rebalancing)");
        }
        if (!instance(owner.activeHost()).equals(self)) {
            return new QueryResult.Elsewhere(instance(owner.activeHost()));
        }
        try {
            TrackedTask task = this.<TrackedTask>store(Topics.IN_FLIGHT_STORE, owner.partition()).get(requestId);
            if (task != null) {
                RequestStatus status = RequestStatusMapper.inFlight(task);
                if (status.state() == RequestStatus.State.SUBMITTING) {
                    // Waiting for its submit: where it stands in its queue, as this instance's tracker last counted.
                    status = status.withQueue(queues.place(requestId, owner.partition(), System.currentTimeMillis()));
                }
                return new QueryResult.Found(FreshReadUrls.refresh(status, mirror), self);
            }
            // Read after the in-flight store: a request moves from there to here in one transaction.
            FinishedRequest done = this.<FinishedRequest>store(Topics.FINISHED_STORE, owner.partition()).get(requestId);
            return done != null
                    ? new QueryResult.Found(FreshReadUrls.refresh(RequestStatusMapper.finished(done), mirror), self)
                    : new QueryResult.NotFound();
        } catch (InvalidStateStoreException e) {
            // Migrating or restoring: the next answer will come from wherever it settles.
            return new QueryResult.Unavailable("the request's store is not queryable right now: " + e.getMessage());
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    private static Instance instance(HostInfo host) {
        return new Instance(host.host(), host.port());
    }
}
