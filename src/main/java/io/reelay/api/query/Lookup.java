package io.reelay.api.query;

import org.apache.kafka.streams.state.HostInfo;

import io.reelay.api.RequestView;

/** What this instance can say about a request id. */
public sealed interface Lookup {

    /** The request, read from this instance's stores. */
    record Found(RequestView view) implements Lookup {
    }

    /** This instance owns the id, and its stores do not know it (never received, or finished beyond the retention). */
    record NotFound() implements Lookup {
    }

    /** Another instance owns the id's partition: ask it. */
    record Elsewhere(HostInfo owner) implements Lookup {
    }

    /** Nobody can answer right now (starting, rebalancing, restoring): try again shortly. */
    record Unavailable(String reason) implements Lookup {
    }
}
