package io.reelay.lifecycle.poll;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * What a progress reading teaches of a task's duration, for any reading an upstream can send (any integer, any time
 * run): either nothing, or a duration the reading allows, never one it rules out.
 */
class ProgressDurationPropertiesTest {

    @Property(tries = 3_000)
    void aReadingTeachesNothingOrADurationItAllows(@ForAll @LongRange(min = -1_000, max = 400_000_000_000L) long elapsedMs,
            @ForAll Integer progress) {
        long d = DurationLearner.durationFromProgress(elapsedMs, progress);
        if (progress == null || progress < DurationLearner.MIN_PROGRESS_TO_LEARN || progress >= 100
                || elapsedMs <= 0) {
            assertThat(d).isEqualTo(-1);
            return;
        }
        // Progress p after e puts the end between e * 100 / (p + 1) and e * 100 / p (whole milliseconds).
        assertThat(d).isPositive().isGreaterThanOrEqualTo(elapsedMs * 100 / (progress + 1))
                .isLessThanOrEqualTo(elapsedMs * 100 / progress + 1);
        assertThat(d).as("never shorter than the time already run").isGreaterThanOrEqualTo(elapsedMs);
    }

    @Property(tries = 3_000)
    void aFinishIsLearnedAgainOnlyWhenItIsFarFromWhatTheProgressSaid(
            @ForAll @LongRange(min = 1, max = 10_000_000) long durationMs,
            @ForAll @LongRange(min = -10, max = 10_000_000) long lastElapsedMs, @ForAll Integer lastProgress) {
        long implied = DurationLearner.durationFromProgress(lastElapsedMs, lastProgress);
        boolean teaches = DurationLearner.finishTeaches(durationMs, lastElapsedMs, lastProgress);
        if (implied <= 0) {
            assertThat(teaches).as("nothing was learned from progress: the finish is").isTrue();
        } else {
            double ratio = (double) durationMs / implied;
            assertThat(teaches).isEqualTo(ratio > 1.25 || ratio < 1 / 1.25);
        }
        assertThat(DurationLearner.finishTeaches(durationMs, null, lastProgress)).isTrue();
    }

    @Example
    void aThirdOfTheWayAtTenSecondsIsAboutThirtySeconds() {
        assertThat(DurationLearner.durationFromProgress(10_000, 33)).isEqualTo(29_851);
        assertThat(DurationLearner.finishTeaches(30_000, 10_000L, 33)).isFalse();
        assertThat(DurationLearner.finishTeaches(60_000, 10_000L, 33)).as("progress that misled").isTrue();
        assertThat(DurationLearner.durationFromProgress(10_000, 9)).as("too little said").isEqualTo(-1);
    }
}
