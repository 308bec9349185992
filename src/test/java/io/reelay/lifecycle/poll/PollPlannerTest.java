package io.reelay.lifecycle.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;

class PollPlannerTest {

    private static final long SUBMITTED = 1_000_000L;
    private static final ReelayConfig.Polling SETTINGS = TestConfig.defaults().polling(); // 1.5 s + 2.5 %, 1 s .. 5 min
    private static final DurationFit ABOUT_100_S = new DurationFit(Math.log(100_000), 0.3);
    /** Tasks first seen running at about 22 % (a fifth of their run queued, progress counted from the submit). */
    private static final DurationFit FIRST_SEEN_AT_22 = new DurationFit(Math.log(22), 0.1);
    private final PollPlanner planner = new PollPlanner(SETTINGS);

    @Test
    void theFirstPollAimsAtTheEarlyQuantilePlusTheToleranceNotAFixedFewSeconds() {
        long earliest = ABOUT_100_S.quantileMs(0.02); // about 54 s
        PollPlanner.Plan plan = planner.first(SUBMITTED, ABOUT_100_S);

        assertThat(earliest).isBetween(53_000L, 56_000L);
        assertThat(plan.pollAt() - SUBMITTED).isEqualTo(earliest + 1_500 + (long) (0.025 * earliest));
        assertThat(plan.expectedEndAt() - SUBMITTED).isEqualTo(100_000L);
    }

    @Test
    void progressBoundsTheEarliestEndAndTheNextPollIsTheLatestThatStillMeetsTheTolerance() {
        // 40 % after 40 s: linear progress cannot end before 40 * 100 / 41 s = 97.56 s
        PollPlanner.Plan plan = planner.next(SUBMITTED, SUBMITTED + 40_000, 40, ABOUT_100_S, 0.5);

        long earliestEnd = 40_000L * 100 / 41;
        assertThat(plan.pollAt() - SUBMITTED).isEqualTo(earliestEnd + 1_500 + (long) (0.025 * earliestEnd));
        assertThat(plan.expectedEndAt() - SUBMITTED).isEqualTo((earliestEnd + 100_000) / 2);
    }

    @Test
    void aReadingThatPinsTheEndDownCloserThanTheToleranceIsPolledJustPastItsLatestEnd() {
        // 50 % after 300 s: it ends between 588.2 s and 600 s; the tolerance (1.5 s + 2.5 % of 588 s) would reach
        // 604.4 s, but 600 s + 1.5 s already catches it whenever it ends, with up to 3 s less lag
        PollPlanner.Plan plan = planner.next(SUBMITTED, SUBMITTED + 300_000, 50, ABOUT_100_S, 0.5);

        assertThat(plan.pollAt() - SUBMITTED).isEqualTo(600_000 + 1_500);
    }

    @Test
    void aTaskThatEndsWithinItsProgressBoundsIsCaughtByThatPollWithinTheTolerance() {
        for (long duration = 20_000; duration <= 600_000; duration += 7_919) {
            long firstPoll = planner.first(0, ABOUT_100_S).pollAt();
            if (firstPoll >= duration) {
                continue; // done before the first poll
            }
            int progress = (int) (firstPoll * 100 / duration); // the upstream rounds down
            if (progress < 40) {
                continue; // too early to pin the end down: another progress poll comes first
            }
            long next = planner.next(0, firstPoll, progress, ABOUT_100_S, 0).pollAt();
            assertThat(next).as("duration %d ms", duration).isGreaterThanOrEqualTo(duration);
            assertThat(next - duration).as("lag of a %d ms task", duration)
                    .isLessThanOrEqualTo(1_500 + (long) (0.025 * duration))
                    .isLessThanOrEqualTo(1_500 + firstPoll * 100 / progress - firstPoll * 100 / (progress + 1));
        }
    }

    @Test
    void withoutProgressPollsBackOffInProportionToTheTimeRunAndWithJitterOnlyShorter() {
        long elapsed = 120_000; // past the early quantile
        long longest = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S, 0).pollAt() - SUBMITTED;
        long shortest = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S, 0.999).pollAt() - SUBMITTED;

        assertThat(longest).isEqualTo(elapsed + 30_000); // a quarter of the time run
        assertThat(shortest).isLessThan(longest).isGreaterThanOrEqualTo(elapsed + 27_000); // at most 10 % jitter
    }

    @Test
    void aPendingTaskPolledBeforeTheEarlyQuantileIsNextPolledThere() {
        long next = planner.next(SUBMITTED, SUBMITTED + 5_000, null, ABOUT_100_S, 0).pollAt();
        assertThat(next).isEqualTo(planner.first(SUBMITTED, ABOUT_100_S).pollAt());
    }

    @Test
    void intervalsStayWithinTheConfiguredMinimumAndMaximum() {
        ReelayConfig.Polling tight = TestConfig.defaults()
                .set(c -> c.polling().minInterval(), Duration.ofSeconds(2))
                .set(c -> c.polling().maxInterval(), Duration.ofSeconds(30))
                .polling();
        PollPlanner bounded = new PollPlanner(tight);
        DurationFit hours = new DurationFit(Math.log(3_600_000), 0.3);

        assertThat(bounded.first(0, hours).pollAt()).as("capped by the maximum").isEqualTo(30_000);
        assertThat(bounded.next(0, 10_000, 99, hours, 0).pollAt()).as("at least the minimum, not 11.85 s")
                .isEqualTo(12_000);
        assertThat(bounded.next(0, 60_000, null, hours, 0).pollAt()).isEqualTo(90_000);
    }

    @Test
    void aTaskStillQueuedIsPolledWhenItsShortestRunCouldEndNotOnTheTimeBackOff() {
        DurationFit queue = new DurationFit(Math.log(20_000), 0.3); // its class waits about 20 s queued
        long elapsed = 60_000; // past the early quantile (about 54 s), still queued
        long onBackOff = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S, 0).pollAt() - SUBMITTED;
        long queued = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S,
                new PollPlanner.Queue(queue, null), 0).pollAt()
                - SUBMITTED;

        long shortestRun = ABOUT_100_S.quantileMs(0.02) - 20_000; // about 34 s
        long earliestEnd = elapsed + shortestRun;
        assertThat(onBackOff).isEqualTo(elapsed + 15_000);
        assertThat(queued).isEqualTo(earliestEnd + 1_500 + (long) (0.025 * earliestEnd));
    }

    @Test
    void aQueuedTaskWhoseProvidersQueuesNoneHasBeenSeenToLeaveIsNextPolledAtTwiceItsAgeNotOnTheTimeBackOff() {
        long elapsed = 120_000;
        long queuedUnknown = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S,
                new PollPlanner.Queue(null, null), 0).pollAt() - SUBMITTED;
        long queueAsLongAsTheTask = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S,
                new PollPlanner.Queue(ABOUT_100_S, null), 0).pollAt() - SUBMITTED;
        long runningWithoutProgress = planner.next(SUBMITTED, SUBMITTED + elapsed, null, ABOUT_100_S, 0).pollAt()
                - SUBMITTED;

        long twice = 2 * elapsed;
        assertThat(queuedUnknown).as("queued at 2 min: a queue holding at most half its run, it ends after 4 min")
                .isEqualTo(twice + 1_500 + (long) (0.025 * twice));
        assertThat(runningWithoutProgress).as("running, no progress (the hub): the time back-off, a quarter more")
                .isEqualTo(elapsed + 30_000);
        assertThat(queueAsLongAsTheTask).as("its class's queue as long as its run: no earlier end to tell, back-off")
                .isEqualTo(runningWithoutProgress);
    }

    @Test
    void aBurstOfANewProvidersLongTasksAllQueuedCostsAtMostThreeQueuedPollsEachAndIsStillCaughtInTime() {
        // Planned from the configured 2 min prior; they take 5 to 25 min, a fifth of it queued; nothing learned of
        // queues yet.
        DurationFit prior = new DurationFit(Math.log(120_000), 0.5);
        for (long duration = 300_000; duration <= 1_500_000; duration += 7_000) {
            long at = planner.first(0, prior).pollAt();
            int queuedPolls = 0;
            while (at < duration / 5) {
                queuedPolls++;
                at = planner.next(0, at, null, prior, new PollPlanner.Queue(null, null), 0.5).pollAt();
            }
            assertThat(queuedPolls).as("%d ms", duration).isBetween(1, 3);
            assertThat(at).as("the first poll after its queue, %d ms: before it ends", duration).isLessThan(duration);
        }
    }

    @Test
    void aQueuedTaskWhoseQueueEndsAsItsClassesDoIsCaughtWithinTheToleranceByThePollAfterItsProgressShows() {
        // The simulator's shape: a fifth of the run queued, progress counted from the submit. Durations within the
        // fit's 2 % .. 98 % are caught within the tolerance once progress has been seen at 40 % or more.
        DurationFit queue = new DurationFit(Math.log(20_000), 0.3);
        for (long duration = 55_000; duration <= 180_000; duration += 3_001) {
            long at = planner.first(0, ABOUT_100_S).pollAt();
            int polls = 1;
            while (at < duration && polls < 20) {
                boolean queued = at < duration / 5;
                Integer progress = queued ? null : (int) Math.max(1, Math.min(99, at * 100 / duration));
                at = planner.next(0, at, progress, ABOUT_100_S, queued ? new PollPlanner.Queue(queue, FIRST_SEEN_AT_22)
                        : null, 0).pollAt();
                polls++;
            }
            assertThat(at - duration).as("lag of a %d ms task", duration)
                    .isLessThanOrEqualTo(1_500 + (long) (0.025 * duration) + 1_000);
            assertThat(polls).as("polls of a %d ms task", duration).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aLongTaskFirstPolledAtTheMaximumIntervalIsNextPolledWhereItsProgressSaysItMayEndNotOnTheBackOff() {
        // 17 min, first polled at the 5 min maximum: 29 %. It cannot end before 16.7 min (nor after 17.2 min); three
        // times the time run (15 min) would be a poll that only finds it running. Its tolerance, 1.5 s + 2.5 % of it,
        // would be 26.5 s: held to lag-tolerance-max, 15 s.
        DurationFit seventeenMinutes = new DurationFit(Math.log(1_020_000), 0.3);
        long first = planner.first(0, seventeenMinutes).pollAt();
        assertThat(first).isEqualTo(SETTINGS.maxInterval().toMillis());
        long next = planner.next(0, first, 29, seventeenMinutes, 0).pollAt();
        long earliestEnd = first * 100 / 30;
        assertThat(next).isEqualTo(earliestEnd + 15_000).isGreaterThan(3 * first);
    }

    @Test
    void aLongTasksEndIsPolledForWithinLagToleranceMaxOfItWhereTheShareOfItsDurationWouldAllowMore() {
        // Half-hour tasks read at 40 % after 12 min: each end between 29.3 and 30 min, 44 s apart. Whichever it is, a
        // poll notices it within 15 s plus a tick; the share alone (1.5 s + 2.5 %: 45.4 s) would have let it wait.
        long elapsed = 720_000;
        DurationFit halfAnHour = new DurationFit(Math.log(1_800_000), 0.3);
        long afterReading = planner.next(0, elapsed, 40, halfAnHour, 0).pollAt();
        for (long end = elapsed * 100 / 41 + 1; end <= elapsed * 100 / 40; end += 997) {
            long at = afterReading;
            while (at < end) {
                at = planner.next(0, at, (int) Math.min(99, at * 100 / end), halfAnHour, 0).pollAt();
            }
            assertThat(at - end).as("ends at %d ms", end).isLessThanOrEqualTo(15_000);
        }
    }

    @Test
    void progressMayPutTheNextPollPastTheMaximumIntervalButALowReadingNoFurtherThanTwiceTheTimeRun() {
        DurationFit halfAnHour = new DurationFit(Math.log(1_800_000), 0.3);
        // 40 % after 12 min: it cannot end before 29.3 min; polling at 17 min (the 5 min maximum) would only cost
        long elapsed = 720_000;
        long next = planner.next(0, elapsed, 40, halfAnHour, 0).pollAt();
        long earliestEnd = elapsed * 100 / 41;
        assertThat(next).isEqualTo(earliestEnd + 15_000); // 1.5 s + 2.5 % held to lag-tolerance-max
        assertThat(next - elapsed).isGreaterThan(SETTINGS.maxInterval().toMillis());

        // 1 % after 10 min would say 500 min, 9 % 100 min: held to twice the time run
        assertThat(planner.next(0, 600_000, 1, halfAnHour, 0).pollAt()).isEqualTo(1_800_000);
        assertThat(planner.next(0, 600_000, 9, halfAnHour, 0).pollAt()).isEqualTo(1_800_000);
        // 10 % says at least 90.9 min: followed
        assertThat(planner.next(0, 600_000, 10, halfAnHour, 0).pollAt()).isEqualTo(5_454_545 + 15_000);
        // Without progress the maximum stands
        assertThat(planner.next(0, 1_200_000, null, halfAnHour, 0).pollAt() - 1_200_000)
                .isLessThanOrEqualTo(SETTINGS.maxInterval().toMillis());
    }

    @Test
    void aQueuedTaskWhoseClassIsFirstSeenRunningAtAFifthIsNextPolledAtFiveTimesItsAgeNotOnTheBackOff() {
        // Planned from a wrong (2 min) fit, the task really takes 1,000 s; still queued at 60 s.
        DurationFit wrong = new DurationFit(Math.log(120_000), 0.5);
        long elapsed = 60_000;
        long backOff = planner.next(0, elapsed, null, wrong, 0).pollAt();
        long queued = planner.next(0, elapsed, null, wrong, new PollPlanner.Queue(null, FIRST_SEEN_AT_22), 0).pollAt();

        long share = FIRST_SEEN_AT_22.quantileMs(0.98); // about 27 %
        long earliestEnd = elapsed * 100 / share;
        assertThat(backOff).isEqualTo(elapsed + 15_000);
        assertThat(queued).isEqualTo(earliestEnd + 1_500 + (long) (0.025 * earliestEnd));
        assertThat(queued).as("still before the earliest such a task can end: queued at 60 s means >= 5 * 60 s")
                .isLessThan(5 * elapsed);
    }

    @Test
    void aQueuedTaskIsPolledAfterWithFewerPollsThanOnTheBackOffAndStillWithinTheTolerance() {
        DurationFit wrong = new DurationFit(Math.log(120_000), 0.5);
        int fewer = 0;
        int tasks = 0;
        for (long duration = 200_000; duration <= 1_500_000; duration += 13_001) {
            int withQueue = polls(duration, wrong, new PollPlanner.Queue(null, FIRST_SEEN_AT_22));
            int without = polls(duration, wrong, null);
            assertThat(withQueue).as("%d ms", duration).isLessThanOrEqualTo(without);
            fewer += without - withQueue;
            tasks++;
        }
        assertThat(fewer).as("polls saved over %d tasks", tasks).isGreaterThan(3 * tasks);
    }

    /** Polls of a task queued for a fifth of its run, progress counted from the submit; asserts its lag. */
    private int polls(long duration, DurationFit fit, PollPlanner.Queue queue) {
        long at = planner.first(0, fit).pollAt();
        int polls = 1;
        while (at < duration) {
            boolean queued = at < duration / 5;
            Integer progress = queued ? null : (int) Math.max(1, Math.min(99, at * 100 / duration));
            at = planner.next(0, at, progress, fit, queued ? queue : null, 0.5).pollAt();
            polls++;
        }
        assertThat(at - duration).as("lag of a %d ms task", duration)
                .isLessThanOrEqualTo(1_500 + (long) (0.025 * duration) + 1_000);
        return polls;
    }
}
