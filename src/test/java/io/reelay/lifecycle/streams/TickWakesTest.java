package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * The tracker's main consumer polls until its thread's next tick, at most poll.ms: an idle instance wakes once per
 * tick instead of every 100 ms, and a tick due soon (answers to apply) is not kept waiting for a longer poll.
 */
class TickWakesTest {

    private static final long POLL_MS = 1_000;
    private static final long TICK = 100;

    @Test
    void aPollWaitsUntilTheEarliestTickOfItsThreadAndNoLongerThanPollMs() {
        TickWakes wakes = new TickWakes();
        wakes.set("a", 10_700);
        wakes.set("b", 10_250);

        assertThat(wakes.pollMs(POLL_MS, TICK, 10_000)).isEqualTo(250);
        wakes.remove("b");
        assertThat(wakes.pollMs(POLL_MS, TICK, 10_000)).isEqualTo(700);
        wakes.set("a", 60_000);
        assertThat(wakes.pollMs(POLL_MS, TICK, 10_000)).as("poll.ms bounds it").isEqualTo(POLL_MS);
        assertThat(wakes.pollMs(10, TICK, 10_000)).as("a shorter poll.ms (the benchmark's) still wins").isEqualTo(10);
    }

    @Test
    void aDueTickPollsWithoutWaitingAndAStaleOneIsNotWaitedFor() {
        TickWakes wakes = new TickWakes();
        wakes.set("due", 9_990);
        assertThat(wakes.pollMs(POLL_MS, TICK, 10_000)).isZero();
        // A tick overdue by more than STALE_MS belongs to a tracker closed without notice: polling at once forever
        // would spin the thread.
        assertThat(wakes.pollMs(POLL_MS, TICK, 9_990 + TickWakes.STALE_MS + 1)).isEqualTo(TICK);
    }

    @Test
    void withNoTrackerOnTheThreadAPollWaitsNoLongerThanATickInterval() {
        // Tasks still restoring have no tracker yet: they start running as soon as before.
        assertThat(new TickWakes().pollMs(POLL_MS, TICK, 10_000)).isEqualTo(TICK);
    }

    @Test
    void aPaceRegistersItsNextTickWithItsOwnThreadAndLeavesOnClose() throws Exception {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        AtomicReference<Long> wait = new AtomicReference<>();
        AtomicReference<Long> afterClose = new AtomicReference<>();
        Thread streamThread = new Thread(() -> {
            long now = System.currentTimeMillis();
            TickPace pace = new TickPace(context, TICK, now, t -> { });
            pace.after(now, false, now + 60_000); // idle: the next whole second
            wait.set(TickWakes.ofThisThread().pollMs(POLL_MS, TICK, now));
            TickPace other = new TickPace(context, TICK, now, t -> { });
            other.close();
            pace.close();
            afterClose.set(TickWakes.ofThisThread().pollMs(POLL_MS, TICK, now));
        });
        streamThread.start();
        streamThread.join();

        assertThat(wait.get()).as("until the idle tick, on the next whole second").isBetween(TICK, POLL_MS);
        assertThat(afterClose.get()).isEqualTo(TICK);
        AtomicReference<Long> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(TickWakes.ofThisThread().pollMs(POLL_MS, TICK,
                System.currentTimeMillis())));
        other.start();
        other.join();
        assertThat(elsewhere.get()).as("another thread's trackers are not this thread's").isEqualTo(TICK);
    }

    @Test
    void workUnderWayWakesThePollEveryTickInterval() throws Exception {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        AtomicReference<Long> wait = new AtomicReference<>();
        Thread streamThread = new Thread(() -> {
            long now = System.currentTimeMillis();
            TickPace pace = new TickPace(context, TICK, now, t -> { });
            pace.after(now, false, now + 60_000);
            pace.soon(now); // a record read: the tick is back within a tick-interval
            wait.set(TickWakes.ofThisThread().pollMs(POLL_MS, TICK, now));
        });
        streamThread.start();
        streamThread.join();

        assertThat(wait.get()).isBetween(0L, TICK + 50);
    }
}
