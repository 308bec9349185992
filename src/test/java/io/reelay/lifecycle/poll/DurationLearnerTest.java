package io.reelay.lifecycle.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.state.DurationStats;

class DurationLearnerTest {

    private final ReelayConfig.Polling settings = TestConfig.defaults()
            .set(c -> c.polling().expectedDuration(), Duration.ofMinutes(2))
            .set(c -> c.polling().modelExpectedDurations(), Map.of("veo3.1-fast", Duration.ofSeconds(50)))
            .polling();
    private final DurationLearner learner = new DurationLearner(settings);

    @Test
    void startsFromTheModelsConfiguredDurationWithAWideSpread() {
        DurationFit fit = learner.fit(null, null, "veo3.1-fast");
        assertThat(fit.medianMs()).isEqualTo(50_000);
        assertThat(fit.logSd()).isEqualTo(0.5);
        assertThat(learner.fit(null, null, "unknown-model").medianMs()).isEqualTo(120_000);
    }

    @Test
    void learnsTheMedianAndSpreadOfTheTasksItSeesFinish() {
        SplittableRandom random = new SplittableRandom(1);
        DurationStats stats = learner.prior("tokenlab|veo3.1", "veo3.1");
        for (int i = 0; i < 2_000; i++) {
            stats = learner.learn(stats, Math.round(300_000 * Math.exp(0.3 * gaussian(random))), i);
        }
        DurationFit fit = learner.fit(null, stats, "veo3.1");
        assertThat(fit.medianMs()).isCloseTo(300_000L, within(30_000L));
        assertThat(fit.logSd()).isCloseTo(0.3, within(0.06));
        assertThat(stats.getSamples()).isEqualTo(2_000);
    }

    @Test
    void followsAnUpstreamThatSlowsDown() {
        DurationStats stats = learner.prior("c", "veo3.1");
        for (int i = 0; i < 200; i++) {
            stats = learner.learn(stats, 60_000, i);
        }
        for (int i = 0; i < 200; i++) {
            stats = learner.learn(stats, 180_000, i);
        }
        assertThat(learner.fit(null, stats, "veo3.1").medianMs()).isCloseTo(180_000L, within(10_000L));
    }

    @Test
    void aFineClassIsUsedOnceItHasEnoughSamplesAndItsModelStandsInUntilThen() {
        DurationStats model = learner.prior("tokenlab|veo3.1", "veo3.1");
        DurationStats fine = learner.prior("tokenlab|veo3.1|10|1080p", "veo3.1");
        for (int i = 0; i < DurationLearner.MIN_CLASS_SAMPLES - 1; i++) {
            model = learner.learn(model, 60_000, i);
            fine = learner.learn(fine, 200_000, i);
        }
        assertThat(learner.fit(fine, model, "veo3.1").medianMs()).isEqualTo(learner.fit(null, model, "veo3.1").medianMs());
        fine = learner.learn(fine, 200_000, 9);
        assertThat(learner.fit(fine, model, "veo3.1").medianMs()).isGreaterThan(150_000);
    }

    @Test
    void theObservedDurationIsTheUpstreamsOwnEndWhenPlausibleElseTheMiddleOfTheLastTwoPolls() {
        assertThat(DurationLearner.observedDuration(1_000, 50_000L, 60_000, 55_500L)).isEqualTo(54_500);
        assertThat(DurationLearner.observedDuration(1_000, 50_000L, 60_000, null)).isEqualTo(54_000);
        assertThat(DurationLearner.observedDuration(1_000, 50_000L, 60_000, 70_000L)).as("a clock ahead of ours")
                .isEqualTo(54_000);
        assertThat(DurationLearner.observedDuration(1_000, null, 61_000, null)).isEqualTo(30_000);
    }

    @Test
    void theNormalQuantileMatchesKnownValues() {
        assertThat(NormalQuantile.of(0.5)).isCloseTo(0.0, within(1e-9));
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(NormalQuantile.of(0.02)).isCloseTo(-2.053749, within(1e-6));
        assertThat(NormalQuantile.of(0.001)).isCloseTo(-3.090232, within(1e-6));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
