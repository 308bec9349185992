package io.reelay.lifecycle.streams;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the tracker's tick next runs. Kafka Streams marks a stream task for commit after every punctuation, whatever
 * it did, so under exactly_once_v2 a tick every 100 ms is a transaction every commit interval on every stream
 * thread, with nothing to write. So the tick runs every tick-interval only while something may need it soon (work
 * under way in memory, or a record just read: {@link #soon}); otherwise when the schedule's first request is due or at
 * the next multiple of {@link #IDLE_MS} of the wall clock, whichever comes first. Idle partitions so wake together,
 * and their stream thread commits once for all of them. Everything a tick looks after is either in the schedule (so
 * due at its time) or work under way, so the grid is a bound, not a pace anything waits on; the stream thread itself
 * still goes round its loop every second ({@link PacedMainConsumer#MAX_WAIT_MS}), without a commit when no tick ran.
 * Stream thread only.
 */
final class TickPace {

    /** The grid idle ticks fall on: the schedule's rescan bound ({@link TrackerState#RESCAN_MS}, ten seconds). */
    static final long IDLE_MS = TrackerState.RESCAN_MS;

    private final ProcessorContext<?, ?> context;
    private final long tickMs;
    private final Punctuator tick;
    /** Where this thread's main consumer learns when to wake for the next tick. */
    private final TickWakes wakes = TickWakes.ofThisThread();
    private Cancellable scheduled;
    /** The interval of the current punctuation schedule. */
    private long intervalMs;
    /** When the current schedule runs next (the wall clock at which it was set, plus its interval). */
    private long nextAt;

    /** Schedules {@code tick} every {@code tickMs} from {@code now} on. */
    TickPace(ProcessorContext<?, ?> context, long tickMs, long now, Punctuator tick) {
        this.context = context;
        this.tickMs = Math.max(1, tickMs);
        this.tick = tick;
        every(this.tickMs, now);
    }

    /** A record was read: whatever it started is looked after within a tick-interval. */
    void soon(long now) {
        if (nextAt > now + tickMs) {
            every(tickMs, now);
        }
    }

    /**
     * After a tick: with work under way, the next in a tick-interval; otherwise when {@code nextDueAt} comes or at the
     * next multiple of {@link #IDLE_MS} (wall clock), whichever is first, and never sooner than a tick-interval.
     */
    void after(long now, boolean underWay, long nextDueAt) {
        long wait = tickMs;
        if (!underWay) {
            long grid = Math.floorDiv(now + tickMs + IDLE_MS - 1, IDLE_MS) * IDLE_MS;
            wait = Math.max(tickMs, Math.min(nextDueAt, grid) - now);
        }
        if (wait != intervalMs) {
            every(wait, now);
        } else {
            nextAt = now + wait;
            // The schedule keeps its grid: due a wait after this tick was, at the latest.
            wakes.set(this, nextAt);
        }
    }

    /** The tracker closed: its thread's polls no longer wait for its ticks. */
    void close() {
        wakes.remove(this);
    }

    /** The interval the tick runs at now (tests). */
    long intervalMs() {
        return intervalMs;
    }

    private void every(long ms, long now) {
        if (scheduled != null) {
            scheduled.cancel();
        }
        scheduled = context.schedule(java.time.Duration.ofMillis(ms), PunctuationType.WALL_CLOCK_TIME, tick);
        intervalMs = ms;
        nextAt = now + ms;
        // Kafka Streams counts a new schedule from its own reading of the wall clock, taken just before this one.
        wakes.set(this, System.currentTimeMillis() + ms);
    }
}
