package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A class's classmates wait for the earliest submitted task seen queued, and only while it leads. */
class QueueLeadersTest {

    private static final String CLASS = "tokenlab|seedance-1.5-pro|5|720p";
    private static final long SETTLE = 1_000;
    private final QueueLeaders leaders = new QueueLeaders();

    @Test
    void aTaskSubmittedAfterTheLeaderWaitsUntilJustAfterItsNextPoll() {
        leaders.queued(CLASS, "r-1", 0, 30_000, 5_000);

        assertThat(leaders.holdUntil(CLASS, "r-2", 1_000, 6_000, SETTLE)).isEqualTo(31_000L);
        assertThat(leaders.holdUntil(CLASS, "r-1", 0, 6_000, SETTLE)).as("not itself").isNull();
        assertThat(leaders.holdUntil(CLASS, "r-0", -1_000, 6_000, SETTLE)).as("submitted before it").isNull();
        assertThat(leaders.holdUntil("tokenlab|veo3.1|8|720p", "r-2", 1_000, 6_000, SETTLE)).as("another class")
                .isNull();
        assertThat(leaders.holdUntil(CLASS, "r-2", 1_000, 30_500, SETTLE)).as("less than a settle away").isNull();
    }

    @Test
    void theEarliestSubmittedLeadsAndALeaderThatRunsEndsOrIsNotPolledInTimeHoldsNothing() {
        leaders.queued(CLASS, "r-2", 1_000, 20_000, 5_000);
        leaders.queued(CLASS, "r-1", 0, 40_000, 6_000); // submitted earlier: it leads
        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 7_000, SETTLE)).isEqualTo(41_000L);
        leaders.queued(CLASS, "r-2", 1_000, 25_000, 7_000); // a later one seen queued again: r-1 still leads
        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 8_000, SETTLE)).isEqualTo(41_000L);

        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 40_500, SETTLE)).as("its poll due").isNull();
        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 45_000, SETTLE)).as("past its time, not polled").isNull();

        leaders.left(CLASS, "r-2"); // not the leader: nothing changes
        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 8_000, SETTLE)).isEqualTo(41_000L);
        leaders.left(CLASS, "r-1"); // seen running, or ended
        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 8_000, SETTLE)).isNull();
    }

    @Test
    void aLeaderGoneUnpolledPastItsTimeIsReplacedByTheNextSeenQueued() {
        leaders.queued(CLASS, "r-1", 0, 10_000, 5_000);
        leaders.queued(CLASS, "r-2", 1_000, 50_000, 20_000); // r-1 was due at 10 s and is gone

        assertThat(leaders.holdUntil(CLASS, "r-3", 2_000, 21_000, SETTLE)).isEqualTo(51_000L);
    }

    @Test
    void streamThreadsSharingTheLeadersKeepTheEarliestSubmittedOfEveryPartition() throws Exception {
        // Every partition's stream thread reports its own tasks of the class seen queued, all at once.
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            runs.add(pool.submit(() -> {
                start.await();
                for (int i = perThread; i > 0; i--) {
                    long submittedAt = 10L * i + thread + 1; // the earliest: thread 0's last, at 11
                    leaders.queued(CLASS, "r-" + thread + "-" + i, submittedAt, 600_000 + submittedAt, 1_000);
                    leaders.left(CLASS, "r-" + thread + "-" + (i + 1)); // a leader of a moment ago seen running
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(leaders.holdUntil(CLASS, "late", 1_000_000, 2_000, SETTLE)).isEqualTo(600_011L + SETTLE);
    }

    @Test
    void classesAreBounded() {
        for (int i = 0; i < QueueLeaders.MAX_CLASSES + 10; i++) {
            leaders.queued("class-" + i, "r-" + i, 0, 60_000, 1_000);
        }
        String last = "class-" + (QueueLeaders.MAX_CLASSES + 9);
        assertThat(leaders.holdUntil(last, "x", 1, 2_000, SETTLE)).isEqualTo(61_000L);
        assertThat(leaders.holdUntil("class-0", "x", 1, 2_000, SETTLE)).as("forgotten when the map started afresh")
                .isNull();
    }
}
