package io.reelay.lifecycle.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void startsFromTheModelsConfiguredDurationNarrowerThanTheWideDefault() {
        DurationFit fit = learner.fit(null, null, "veo3.1-fast");
        assertThat(fit.medianMs()).isEqualTo(50_000);
        assertThat(fit.logSd()).as("stated for the model: model-prior-spread").isEqualTo(0.35);
        DurationFit unknown = learner.fit(null, null, "unknown-model");
        assertThat(unknown.medianMs()).isEqualTo(120_000);
        assertThat(unknown.logSd()).as("guessed: prior-spread").isEqualTo(0.5);
    }

    @Test
    void learnsTheMedianAndSpreadOfTheTasksItSeesFinish() {
        SplittableRandom random = new SplittableRandom(1);
        DurationStats stats = DurationLearner.empty("tokenlab|veo3.1");
        for (int i = 0; i < 2_000; i++) {
            stats = learner.learn(stats, Math.round(300_000 * Math.exp(0.3 * gaussian(random))), i);
        }
        DurationFit fit = learner.fit(null, learner.pool(List.of(stats)), "veo3.1");
        assertThat(fit.medianMs()).isCloseTo(300_000L, within(30_000L));
        assertThat(fit.logSd()).isCloseTo(0.3, within(0.06));
        assertThat(stats.getSamples()).isEqualTo(2_000);
    }

    @Test
    void followsAnUpstreamThatSlowsDown() {
        DurationStats stats = DurationLearner.empty("c");
        for (int i = 0; i < 200; i++) {
            stats = learner.learn(stats, 60_000, i);
        }
        for (int i = 0; i < 200; i++) {
            stats = learner.learn(stats, 180_000, i);
        }
        assertThat(learner.fit(null, learner.pool(List.of(stats)), "veo3.1").medianMs())
                .isCloseTo(180_000L, within(10_000L));
    }

    @Test
    void threePartitionsPooledKnowWhatOneLearnerOfAllTheirSamplesKnows() {
        SplittableRandom random = new SplittableRandom(7);
        DurationStats one = DurationLearner.empty("c");
        List<DurationStats> parts = new ArrayList<>(List.of(DurationLearner.empty("c"), DurationLearner.empty("c"),
                DurationLearner.empty("c")));
        for (int i = 0; i < 30; i++) {
            long ms = Math.round(200_000 * Math.exp(0.3 * gaussian(random)));
            one = learner.learn(one, ms, i);
            parts.set(i % 3, learner.learn(parts.get(i % 3), ms, i));
        }
        DurationLearner.Pooled pooled = learner.pool(parts);
        DurationLearner.Pooled alone = learner.pool(List.of(one));

        assertThat(pooled.samples()).isEqualTo(30);
        // Each partition discounts by its own samples, so its samples age a third as fast: weighed a little more
        assertThat(pooled.weight()).isBetween(alone.weight(), 30.0);
        assertThat(pooled.logMean()).isCloseTo(alone.logMean(), within(0.02));
        assertThat(Math.sqrt(pooled.logVariance())).isCloseTo(Math.sqrt(alone.logVariance()), within(0.03));
        // Each partition alone has a third of the samples: the pooled fit is the tighter, the right median
        DurationFit fit = learner.fit(pooled, null, "veo3.1");
        assertThat(fit.medianMs()).isCloseTo(200_000L, within(25_000L));
        assertThat(fit.logSd()).isLessThan(learner.fit(learner.pool(List.of(parts.get(0))), null, "veo3.1").logSd());
    }

    @Test
    void aClassStartsFromItsModelsFitAndItsOwnSamplesMoveItFromTheFirst() {
        DurationStats model = DurationLearner.empty("tokenlab|veo3.1");
        for (int i = 0; i < 20; i++) {
            model = learner.learn(model, i % 2 == 0 ? 60_000 : 90_000, i);
        }
        DurationLearner.Pooled modelData = learner.pool(List.of(model));
        DurationFit modelOnly = learner.fit(null, modelData, "veo3.1");
        assertThat(modelOnly.medianMs()).isBetween(65_000L, 80_000L);

        DurationStats fine = DurationLearner.empty("tokenlab|veo3.1|10|1080p");
        fine = learner.learn(fine, 200_000, 1);
        DurationFit oneSample = learner.fit(learner.pool(List.of(fine)), modelData, "veo3.1");
        assertThat(oneSample.medianMs()).as("halfway (in logs) between the model and its one sample")
                .isBetween(modelOnly.medianMs() + 20_000, 199_000L);
        assertThat(oneSample.logSd()).as("the disagreement widens the spread").isGreaterThan(modelOnly.logSd());
        for (int i = 0; i < 10; i++) {
            fine = learner.learn(fine, 200_000, i);
        }
        assertThat(learner.fit(learner.pool(List.of(fine)), modelData, "veo3.1").medianMs())
                .isCloseTo(200_000L, within(20_000L));
    }

    @Test
    void statisticsThatDoNotHoldTogetherCountAsNothingLearned() {
        DurationStats bad = DurationStats.newBuilder().setDurationClass("c").setSamples(3).setLogMean(Double.NaN)
                .setLogVariance(0.1).setUpdatedAt(0).build();
        DurationStats negative = DurationStats.newBuilder(bad).setLogMean(11).setLogVariance(-1).build();
        assertThat(learner.pool(List.of(bad, negative)).any()).isFalse();
        assertThat(learner.learn(bad, 60_000, 1).getLogMean()).as("starts afresh").isCloseTo(Math.log(60_000),
                within(1e-9));
    }

    @Test
    void noQueueFitUntilAQueueEndWasSeen() {
        assertThat(learner.queueFit(null, null)).isNull();
        DurationStats q = learner.learn(DurationLearner.empty("queued|tokenlab|veo3.1"), 20_000, 1);
        assertThat(learner.queueFit(null, learner.pool(List.of(q))).medianMs()).isEqualTo(20_000);
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
