package io.reelay.lifecycle.query;

import java.time.Instant;
import java.util.Locale;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.reelay.kafka.Topics;
import io.reelay.state.TenantBalance;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a tenant's balance from {@link Topics#BALANCES_STORE} by interactive query. The store is partitioned by
 * tenant (video.ledger's key), so the tenant's partition of video.ledger decides which instance owns it; this
 * instance answers only for its own and names the owner for the rest (where and whether to ask it is the caller's
 * business, as with {@link StoreStatusQuery}). It never waits for a rebalance.
 */
@ApplicationScoped
public class UsageQuery {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final RequestStatusQuery requests;

    UsageQuery(KafkaStreams streams, RequestStatusQuery requests) {
        this.streams = streams;
        this.requests = requests;
    }

    /** What can be said here about the tenant: found, elsewhere, or unavailable (never null). */
    public Result find(String tenant, Instant now) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Result.Unavailable("the tracker is " + state.name().toLowerCase(Locale.ROOT));
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(Topics.BALANCES_STORE, tenant, KEYS);
        } catch (IllegalStateException e) {
            return new Result.Unavailable(e.getMessage());
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Result.Unavailable("the owner of this tenant's balance is not known yet (rebalancing)");
        }
        Instance host = new Instance(owner.activeHost().host(), owner.activeHost().port());
        if (!host.equals(requests.self())) {
            return new Result.Elsewhere(host);
        }
        try {
            ReadOnlyKeyValueStore<String, TenantBalance> store = streams.store(StoreQueryParameters
                    .fromNameAndType(Topics.BALANCES_STORE, QueryableStoreTypes.<String, TenantBalance>keyValueStore())
                    .withPartition(owner.partition()));
            return new Result.Found(TenantUsage.of(tenant, store.get(tenant), now), requests.self());
        } catch (InvalidStateStoreException e) {
            return new Result.Unavailable("the tenant's balance is not queryable right now: " + e.getMessage());
        }
    }

    /** This instance as the others reach it. */
    public Instance self() {
        return requests.self();
    }

    /** Whether {@code instance} is a member of this application's group: the only instances worth asking. */
    public boolean isMember(Instance instance) {
        return requests.isMember(instance);
    }

    /** What an instance can say about a tenant's balance. */
    public sealed interface Result {
        /** Read here (zeros for a tenant with no entry yet). */
        record Found(TenantUsage usage, Instance servedBy) implements Result {
        }

        /** Another instance owns the tenant's partition. */
        record Elsewhere(Instance owner) implements Result {
        }

        /** Rebalancing or restoring: ask again after a while. */
        record Unavailable(String reason) implements Result {
        }
    }
}
