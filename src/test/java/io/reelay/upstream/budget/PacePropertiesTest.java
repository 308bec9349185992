package io.reelay.upstream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Calls leave when {@link RateBudget#pace} says, whenever they are asked for: an upstream that counts them with a token
 * bucket of the same rate and burst (full at its first call, as TokenLab's published limit and the simulator's are)
 * never finds one over its limit, even when each call takes its own time to arrive (the budget holds a second less
 * than the upstream, room for that; a budget under 15 a minute, whose burst is a single call, has no such room), and no call
 * waits longer than the rate makes necessary.
 */
class PacePropertiesTest {

    @Property(tries = 3_000)
    void pacedCallsArrivingUpToNineTenthsOfASecondApartNeverExceedABucketOfTheSameRateAndBurst(
            @ForAll @IntRange(min = 60, max = 20_000) int perMinute,
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 3_000) Integer> gaps,
            @ForAll @Size(min = 400, max = 400) List<@IntRange(min = 0, max = 900) Integer> onTheWay) {
        RateBudget budget = new RateBudget(perMinute);
        java.util.List<Long> arrivals = new java.util.ArrayList<>();
        long asked = 1_000_000;
        for (int i = 0; i < gaps.size(); i++) {
            asked += gaps.get(i);
            arrivals.add(budget.pace(asked) + onTheWay.get(i));
        }
        java.util.Collections.sort(arrivals);
        double capacity = Math.max(1, perMinute * 5 / 60.0);
        double tokens = capacity;
        long last = arrivals.get(0);
        for (long at : arrivals) {
            tokens = Math.min(capacity, tokens + (at - last) * perMinute / 60_000.0);
            last = at;
            assertThat(tokens).as("the upstream's bucket has a call for it").isGreaterThan(1 - 1e-9);
            tokens -= 1;
        }
    }

    @Property(tries = 3_000)
    void pacedCallsNeverExceedABucketOfTheSameRateAndBurst(@ForAll @IntRange(min = 1, max = 20_000) int perMinute,
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 3_000) Integer> gaps) {
        RateBudget budget = new RateBudget(perMinute);
        double capacity = Math.max(1, perMinute * 5 / 60.0);
        double tokens = capacity;
        long lastRefill = Long.MIN_VALUE;
        long asked = 1_000_000;
        long previous = Long.MIN_VALUE;
        double interval = 60_000.0 / perMinute;
        for (int gap : gaps) {
            asked += gap;
            long leaves = budget.pace(asked);
            assertThat(leaves).as("never before it is asked for").isGreaterThanOrEqualTo(asked);
            assertThat(leaves).as("in the order asked").isGreaterThanOrEqualTo(previous);
            previous = leaves;
            if (lastRefill != Long.MIN_VALUE) {
                tokens = Math.min(capacity, tokens + (leaves - lastRefill) * perMinute / 60_000.0);
            }
            lastRefill = leaves;
            assertThat(tokens).as("the upstream's bucket has a call for it").isGreaterThan(1 - 1e-9);
            // It waits only while the bucket is nearly empty: no more than a second's worth (kept back for the way)
            // and one interval are left when it has to wait.
            if (leaves > asked) {
                assertThat(tokens).isLessThan(1 + perMinute / 60.0 + (interval + 1) * perMinute / 60_000.0);
            }
            tokens -= 1;
        }
    }

    /**
     * Shares change as partitions move, through none at all for a moment (an instance between two rebalances): a call
     * paced at a share above none never waits longer than every call paced before it would take at the lowest such
     * share, whatever the shares were when they were booked.
     */
    @Property(tries = 3_000)
    void aCallNeverWaitsLongerThanTheCallsBookedBeforeItTakeAtTheLowestShare(
            @ForAll @IntRange(min = 1, max = 20_000) int perMinute,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 3_000) Integer> gaps,
            @ForAll @Size(min = 200, max = 200) List<@IntRange(min = 0, max = 10) Integer> tenths) {
        RateBudget budget = new RateBudget(perMinute);
        long asked = 1_000_000;
        double lowest = 1.0;
        for (int i = 0; i < gaps.size(); i++) {
            asked += gaps.get(i);
            double share = tenths.get(i) / 10.0;
            budget.share(share);
            if (share > 0) {
                lowest = Math.min(lowest, share);
                // i calls booked before it, a millisecond of rounding for each of the i + 1 share changes, one more.
                long longest = (long) Math.ceil(i * 60_000.0 / (perMinute * lowest)) + (i + 1) + 1;
                assertThat(budget.pace(asked) - asked).as("call %s at a share of %s", i + 1, share)
                        .isLessThanOrEqualTo(longest);
            } else {
                budget.pace(asked); // the one call a share of nothing lets through
            }
        }
    }

    @Property(tries = 3_000)
    void exactlyTheCallsSaidToLeaveAtOnceLeaveAtOnce(@ForAll @IntRange(min = 1, max = 20_000) int perMinute,
            @ForAll @Size(min = 0, max = 300) List<@IntRange(min = 0, max = 3_000) Integer> before,
            @ForAll @IntRange(min = 0, max = 10_000) int later) {
        RateBudget budget = new RateBudget(perMinute);
        long asked = 1_000_000;
        for (int gap : before) {
            asked += gap;
            budget.pace(asked);
        }
        long now = asked + later;
        long atOnce = budget.callsLeavingAtOnce(now);
        for (long i = 0; i < atOnce; i++) {
            assertThat(budget.pace(now)).as("call %s of %s said to leave at once", i + 1, atOnce).isEqualTo(now);
        }
        assertThat(budget.pace(now)).as("the next one waits").isGreaterThan(now);
    }
}
