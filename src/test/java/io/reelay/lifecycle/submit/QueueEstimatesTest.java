package io.reelay.lifecycle.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The figures of docs/tenants.md ("Where am I?"), worked out by hand. */
class QueueEstimatesTest {

    @Test
    void theBudgetHereLessThePollReserveSetsTheRate() {
        // 1,000 a minute, half of it this instance's (500), 0.2 kept for polls: 400 a minute, 6.67 a second.
        assertThat(QueueEstimates.submitsPerSecond(500.0, 0.2, 32, 1.0)).isCloseTo(400 / 60.0, within(1e-9));
    }

    @Test
    void thePermitsBoundTheRateWhenCallsAreSlow() {
        // 32 permits, calls of 8 s: at most 4 submits start a second, whatever the budget.
        assertThat(QueueEstimates.submitsPerSecond(3_000.0, 0.2, 32, 8.0)).isEqualTo(4.0);
        assertThat(QueueEstimates.submitsPerSecond(null, 0.2, 32, 8.0)).isEqualTo(4.0);
        assertThat(QueueEstimates.submitsPerSecond(null, 0.2, 32, 0)).isInfinite();
    }

    @Test
    void oneQueueAloneWaitsItsPlaceOverTheRate() {
        // Position 101 (100 before it) at 400 a minute: 15 s.
        assertThat(QueueEstimates.secondsToStart(100, new int[0], 400 / 60.0)).isCloseTo(15.0, within(1e-9));
        assertThat(QueueEstimates.secondsToStart(0, new int[0], 400 / 60.0)).as("next").isZero();
    }

    @Test
    void queuesOfTheSameInstanceShareTheRateWhileTheyWait() {
        // 10 a second; 50 before it here, 10 in another partition's queue: 2 s at 5 a second, then 40 at 10: 6 s.
        assertThat(QueueEstimates.secondsToStart(50, new int[] {10}, 10)).isCloseTo(6.0, within(1e-9));
        // Another queue longer than its wait shares the rate all the way: 50 at 5 a second, 10 s.
        assertThat(QueueEstimates.secondsToStart(50, new int[] {100}, 10)).isCloseTo(10.0, within(1e-9));
        // Three others of 4, 8 and 1000: 4 at 2.5/s (1.6 s), 4 more at 3.33/s (1.2 s), 12 more at 5/s (2.4 s): 5.2 s.
        assertThat(QueueEstimates.secondsToStart(20, new int[] {8, 1000, 4, 0}, 10)).isCloseTo(5.2, within(1e-9));
    }

    @Test
    void anUnboundedOrStoppedRate() {
        assertThat(QueueEstimates.secondsToStart(1_000, new int[] {5}, Double.POSITIVE_INFINITY)).isZero();
        assertThat(QueueEstimates.secondsToStart(3, null, 0)).isInfinite();
    }
}
