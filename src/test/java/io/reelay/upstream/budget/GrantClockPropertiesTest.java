package io.reelay.upstream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The budget grants no more than its rate and burst whatever times its callers pass: the tracker asks with a tick's
 * time and with a batch's, each a moment old, so the times it sees go back and forth by a few milliseconds.
 */
class GrantClockPropertiesTest {

    @Property(tries = 3_000)
    void grantsNeverExceedTheBurstPlusTheRateOverTheTimeSeen(@ForAll @IntRange(min = 1, max = 20_000) int perMinute,
            @ForAll @Size(min = 1, max = 600) List<@IntRange(min = 0, max = 400) Integer> steps,
            @ForAll @Size(min = 600, max = 600) List<@IntRange(min = 0, max = 300) Integer> staleBy,
            @ForAll @IntRange(min = 0, max = 90) int reservePercent) {
        RateBudget budget = new RateBudget(perMinute);
        long clock = 5_000_000;
        long first = clock;
        long granted = 0;
        for (int i = 0; i < steps.size(); i++) {
            clock += steps.get(i);
            long asked = clock - staleBy.get(i); // a caller's time, up to 300 ms old
            while (budget.tryTake(asked, reservePercent / 100.0)) {
                granted++;
            }
        }
        double capacity = Math.max(1, perMinute * 4 / 60.0);
        double allowed = capacity + (clock - first + 300) * perMinute / 60_000.0;
        assertThat((double) granted).as("granted by %s ms", clock - first).isLessThanOrEqualTo(allowed + 1e-9);
    }
}
