package io.reelay.api.query;

import io.reelay.api.RequestView;

/** The answer to "where is request X", from whichever instance owns it. */
public sealed interface StatusAnswer {

    /** The request's state, and the instance (host:port) whose stores it was read from. */
    record Known(RequestView view, String servedBy) implements StatusAnswer {
    }

    /** Not received (yet), or finished longer ago than the retention. */
    record Unknown() implements StatusAnswer {
    }

    /** Nobody can answer now (rebalancing, restoring, owner unreachable): retry after a short while. */
    record Unavailable(String reason) implements StatusAnswer {
    }
}
