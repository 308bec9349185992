package io.reelay.lifecycle.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a stream thread's trackers next tick, so that its main consumer's poll waits until then and no longer
 * ({@link PacedMainConsumer}). Kafka Streams polls for a fixed {@code poll.ms} whatever is due, and runs punctuations
 * only between polls: at 100 ms an idle instance woke ten times a second to find nothing to do; a longer
 * {@code poll.ms} would keep a tick due in 100 ms (a call's answer waiting to be applied) waiting. With the wait taken
 * from here, a tick is never later than it was, and an idle thread wakes once per tick.
 *
 * <p>One per stream thread: a {@link TickPace} registers with the one of the thread it is created on (a stream task's
 * processors are initialised on its stream thread), and the consumer asks the one of the thread polling it.
 */
final class TickWakes {

    /**
     * A tick more overdue than this is not waited for: the tracker that set it was closed (on another thread, or
     * without notice), or its thread is too busy for the poll's wait to matter.
     */
    static final long STALE_MS = 1_000;

    private static final ThreadLocal<TickWakes> OF_THREAD = ThreadLocal.withInitial(TickWakes::new);

    /** Each registered tick's next time, wall clock (ms), by its pace. */
    private final Map<Object, Long> next = new ConcurrentHashMap<>();

    static TickWakes ofThisThread() {
        return OF_THREAD.get();
    }

    /** {@code owner}'s next tick is due at {@code atMs} (wall clock). */
    void set(Object owner, long atMs) {
        next.put(owner, atMs);
    }

    /** {@code owner} ticks no more (its task closed). */
    void remove(Object owner) {
        next.remove(owner);
    }

    /**
     * How long a poll at {@code nowMs} may wait: until the earliest tick registered, at most {@code maxMs};
     * {@code fallbackMs} at most while no tracker ticks on this thread (before its tasks are restored and
     * initialised: Kafka Streams' own {@code poll.ms}, so they start as soon as before).
     */
    long pollMs(long maxMs, long fallbackMs, long nowMs) {
        long earliest = Long.MAX_VALUE;
        for (long at : next.values()) {
            if (at >= nowMs - STALE_MS) {
                earliest = Math.min(earliest, at);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return Math.max(0, Math.min(maxMs, fallbackMs));
        }
        return Math.max(0, Math.min(maxMs, earliest - nowMs));
    }
}
