package io.reelay.upstream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateBudgetTest {

    private static int taken(RateBudget budget, long at, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryTake(at)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aMinuteBudgetAllowsABurstOfFourSecondsThenItsRate() {
        RateBudget budget = new RateBudget(1200); // 20 a second
        assertThat(taken(budget, 0, 1000)).as("four seconds' worth at once (the upstream's five, less a second)")
                .isEqualTo(80);
        assertThat(taken(budget, 1_000, 1000)).as("one second later").isEqualTo(20);
        assertThat(taken(budget, 61_000, 100_000)).as("never more than the burst").isEqualTo(80);
    }

    @Test
    void overAMinuteItNeverExceedsTheRatePlusOneBurst() {
        RateBudget budget = new RateBudget(1000);
        int total = 0;
        for (long t = 0; t <= 60_000; t += 100) {
            total += taken(budget, t, 1000);
        }
        assertThat(total).isBetween(1000, 1000 + 67);
    }

    @Test
    void anInstanceServingAQuarterOfThePartitionsGetsAQuarterOfTheRate() {
        RateBudget budget = new RateBudget(1200);
        budget.share(0.25);
        assertThat(taken(budget, 0, 1000)).isEqualTo(20);
        assertThat(taken(budget, 1_000, 1000)).isEqualTo(5);
        assertThat(budget.perMinuteHere()).isEqualTo(300.0);
    }

    @Test
    void aCallPacedOnAShareOfNothingDoesNotHoldBackTheCallsAfterTheShareComesBack() {
        // An instance between two rebalances of a scale-out serves no partition for a moment; one call paced then
        // was booked an interval of 1,200 a minute times nothing ahead (about two years), and every call after it,
        // once the share was back, waited behind it: its requests stayed submitting or in progress for good.
        RateBudget budget = new RateBudget(1200);
        budget.share(0);
        assertThat(budget.pace(1_000)).as("the one call it lets through leaves at once").isEqualTo(1_000);
        budget.share(0.5);
        assertThat(budget.pace(2_000)).as("the next, at 600 a minute").isBetween(2_000L, 2_100L);
    }

    @Test
    void callsBookedAheadStayAheadAtTheNewRateWhenTheShareChanges() {
        RateBudget budget = new RateBudget(60); // a call a second, a burst of four: three booked ahead go at once
        for (int i = 0; i < 10; i++) {
            budget.pace(0);
        }
        budget.share(0.5); // ten calls booked: 20 s of a call every two seconds, not 10 s
        assertThat(budget.pace(0)).as("the next waits for the ten at the new rate, less its burst of one ahead")
                .isEqualTo(18_000);
        budget.share(1.0);
        assertThat(budget.pace(0)).as("eleven booked, back at a call a second, less its burst of three ahead")
                .isEqualTo(8_000);
    }

    @Test
    void unlistedProvidersAreNotLimited() {
        RateBudgets budgets = new RateBudgets(java.util.Map.of("tokenlab", 60));
        int hub = 0;
        for (int i = 0; i < 10_000; i++) {
            hub += budgets.tryTake("hub", 0) ? 1 : 0;
        }
        assertThat(hub).isEqualTo(10_000);
        assertThat(budgets.tryTake("tokenlab", 0)).isTrue();
    }

    @Test
    void submitsLeaveThePollReserveYetKeepTheFullRate() {
        RateBudgets budgets = new RateBudgets(java.util.Map.of("tokenlab", 1200), ModelBudgets.none(), 0.2);
        int submits = 0;
        for (int i = 0; i < 1000; i++) {
            submits += budgets.tryTake("tokenlab", "m", "r" + i, 0) ? 1 : 0;
        }
        assertThat(submits).as("a burst of 80, less the fifth kept for polls").isEqualTo(64);
        int polls = 0;
        for (int i = 0; i < 1000; i++) {
            polls += budgets.tryTake("tokenlab", 0) ? 1 : 0;
        }
        assertThat(polls).as("polls may take the reserve").isEqualTo(16);
        int later = 0;
        for (long t = 100; t <= 60_000; t += 100) {
            for (int i = 0; i < 100; i++) {
                later += budgets.tryTake("tokenlab", "m", "s" + t + "-" + i, t) ? 1 : 0;
            }
        }
        assertThat(later).as("submits alone still get the whole rate").isBetween(1150, 1200);
    }

    @Test
    void aBudgetOfOneCallIsNeverClosedToSubmits() {
        RateBudget budget = new RateBudget(12);
        assertThat(budget.tryTake(0, 0.5)).isTrue();
    }
}
