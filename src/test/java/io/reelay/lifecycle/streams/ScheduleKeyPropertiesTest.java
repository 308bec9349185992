package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The schedule's keys: the format the stored schedule was written in, and in the order of their times. */
class ScheduleKeyPropertiesTest {

    @Property(tries = 5_000)
    void aKeyIsTheThirteenDigitTimeABarAndTheId(@ForAll @LongRange(min = -1_000, max = 9_999_999_999_999L) long at,
            @ForAll String requestId) {
        assertThat(TrackerState.scheduleKey(at, requestId))
                .isEqualTo(String.format("%013d|%s", Math.max(0, at), requestId));
    }

    @Property(tries = 5_000)
    void keysSortByTime(@ForAll @LongRange(min = 0, max = 9_999_999_999_999L) long a,
            @ForAll @LongRange(min = 0, max = 9_999_999_999_999L) long b, @ForAll String idA, @ForAll String idB) {
        if (a < b) {
            assertThat(TrackerState.scheduleKey(a, idA)).isLessThan(TrackerState.scheduleKey(b, idB));
        }
    }
}
