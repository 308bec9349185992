package io.reelay.simulator;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Requests the simulator chose never to answer. Each holds a connection open, so they are bounded:
 * beyond {@code cap} the oldest connection is closed, and none is held longer than {@code maxHold}.
 * Both limits are far beyond any sane client timeout, so a well-behaved client never notices them.
 */
final class HungRequests {

    static final int DEFAULT_CAP = 256;
    static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(5);

    private final int cap;
    private final long maxHoldMillis;
    private final Deque<HttpConnection> held = new ArrayDeque<>();

    HungRequests(int cap, Duration maxHold) {
        if (cap < 1 || maxHold.toMillis() < 1) {
            throw new IllegalArgumentException("cap and maxHold must be positive");
        }
        this.cap = cap;
        this.maxHoldMillis = maxHold.toMillis();
    }

    void hold(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        long timer = ctx.vertx().setTimer(maxHoldMillis, id -> connection.close());
        ctx.response().closeHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            forget(connection);
        });
        HttpConnection evicted;
        synchronized (this) {
            held.addLast(connection);
            evicted = held.size() > cap ? held.pollFirst() : null;
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    synchronized int size() {
        return held.size();
    }

    private synchronized void forget(HttpConnection connection) {
        held.remove(connection);
    }
}
