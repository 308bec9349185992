package io.reelay.api.rest;

import java.time.Duration;
import java.time.Instant;

import io.reelay.api.RequestView;

/**
 * When an event stream tells a waiting request's place again ({@code event: queued}): when it starts waiting, then
 * only when its place changed or its expected start moved by {@link #MOVED} or more, and at most once every
 * {@link #EVERY}. A queue of 100,000 moving one place a tick would otherwise be an event per tick per stream.
 */
final class QueuedNews {

    /** Least time between two {@code queued} events of one stream. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /** Least move of the expected start that is news by itself. */
    static final Duration MOVED = Duration.ofSeconds(5);

    private QueuedNews() {
    }

    /**
     * @param told the place the stream told last (null: none since the request last started waiting)
     * @param toldAt when it told it, epoch ms
     * @param now the place now (null: not waiting)
     * @param nowMs the time now, epoch ms
     */
    static boolean due(RequestView.Queue told, long toldAt, RequestView.Queue now, long nowMs) {
        if (now == null) {
            return false;
        }
        if (told != null && nowMs - toldAt < EVERY.toMillis()) {
            return false;
        }
        return told == null || told.position() != now.position()
                || moved(told.estimatedStartAt(), now.estimatedStartAt());
    }

    private static boolean moved(Instant before, Instant after) {
        if (before == null || after == null) {
            return before != after;
        }
        return Duration.between(before, after).abs().compareTo(MOVED) >= 0;
    }
}
