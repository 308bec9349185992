package io.reelay.lifecycle.query;

import java.util.function.Predicate;

/**
 * The answer to "where is request X". The instance that owns the request's partition answers from its stores
 * ({@link Found}, {@link NotFound}) or says it cannot right now ({@link Unavailable}); any other instance says who
 * owns it ({@link Elsewhere}), and whoever asks that owner gets one of the first three back.
 */
public sealed interface QueryResult {

    /** The request, and the instance whose stores it was read from. */
    record Found(RequestStatus status, Instance servedBy) implements QueryResult {
    }

    /** Not received (yet), or finished longer ago than the retention. */
    record NotFound() implements QueryResult {
    }

    /** Another instance owns the request's partition: ask it. */
    record Elsewhere(Instance owner) implements QueryResult {
    }

    /** Nobody can answer now (starting, rebalancing, restoring, the owner unreachable): ask again shortly. */
    record Unavailable(String reason) implements QueryResult {
    }

    /**
     * This answer for somebody who may see only the requests {@code visible} accepts: a request it may not see is
     * {@link NotFound}, exactly like an unknown one. Other answers say nothing about whose a request is.
     */
    default QueryResult shownOnlyIf(Predicate<RequestStatus> visible) {
        if (this instanceof Found found && !visible.test(found.status())) {
            return new NotFound();
        }
        return this;
    }
}
