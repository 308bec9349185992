package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reelay.simulator.TaskDurations.Clip;
import io.reelay.simulator.TaskDurations.Distribution;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskDurationsTest {

    private static final Duration MEDIAN = Duration.ofSeconds(100);
    private static final TaskDurations LOG_NORMAL = TaskDurations.logNormal(0.3, 1.0, 7);

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double ratio(TaskDurations durations, String key, Clip clip, Clip reference) {
        return seconds(durations.draw(MEDIAN, key, clip)) / seconds(durations.draw(MEDIAN, key, reference));
    }

    /** Through the simulator's own command line: {@code simulator.x.y} given as {@code --x.y=value}. */
    private static SimulatorSettings fromConfig(Map<String, String> properties) {
        return SimulatorMain.config(properties.entrySet().stream()
                .map(e -> "--" + e.getKey().substring("simulator.".length()) + "=" + e.getValue())
                .toArray(String[]::new)).settings();
    }

    @Test
    void fixedIsTheModelsDurationWhateverTheRequestAsks() {
        SimulatorSettings settings = new SimulatorSettings("/sim", Duration.ofSeconds(3),
                Map.of("veo3.1", Duration.ofMillis(6_500)), "https://cdn.test", 10);

        assertThat(settings.durations()).isEqualTo(TaskDurations.DEFAULT);
        assertThat(settings.taskDuration("veo3.1", "req-1", Clip.of(10, "4k"))).isEqualTo(Duration.ofMillis(6_500));
        assertThat(settings.taskDuration("veo3.1", "req-2", Clip.UNSPECIFIED)).isEqualTo(Duration.ofMillis(6_500));
        assertThat(settings.taskDuration("other", "req-3", Clip.of(2, "1080p"))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theTimeScaleMultipliesEveryDurationInBothModes() {
        TaskDurations fixedTenth = new TaskDurations(Distribution.FIXED, 0.3, 0.1, 7);
        TaskDurations logNormalTenth = TaskDurations.logNormal(0.3, 0.1, 7);

        assertThat(fixedTenth.draw(Duration.ofSeconds(3), "req-1", Clip.of(10, "4k"))).isEqualTo(Duration.ofMillis(300));
        for (String key : new String[] {"req-1", "req-2", "ldtask_abc"}) {
            double full = seconds(LOG_NORMAL.draw(MEDIAN, key, Clip.of(10, "1080p")));
            double tenth = seconds(logNormalTenth.draw(MEDIAN, key, Clip.of(10, "1080p")));
            assertThat(full / tenth).isCloseTo(10, within(0.001));
        }
    }

    @Test
    void theSameRequestIdAndSeedGiveTheSameDurationInAnotherRun() {
        TaskDurations otherRun = TaskDurations.logNormal(0.3, 1.0, 7);
        TaskDurations otherSeed = TaskDurations.logNormal(0.3, 1.0, 8);

        for (int i = 0; i < 20; i++) {
            String key = "req-" + i;
            assertThat(otherRun.draw(MEDIAN, key, Clip.UNSPECIFIED)).isEqualTo(LOG_NORMAL.draw(MEDIAN, key, Clip.UNSPECIFIED));
        }
        assertThat(otherSeed.draw(MEDIAN, "req-0", Clip.UNSPECIFIED))
                .isNotEqualTo(LOG_NORMAL.draw(MEDIAN, "req-0", Clip.UNSPECIFIED));
    }

    @Test
    void differentRequestIdsGetDifferentDurations() {
        Set<Duration> drawn = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> drawn.add(LOG_NORMAL.draw(MEDIAN, "req-" + i, Clip.UNSPECIFIED)));

        assertThat(drawn).hasSize(50);
    }

    @Test
    void overManyRequestsTheMedianIsTheModelsDurationAndTheLogSpreadIsSigma() {
        int n = 2_000;
        double[] logs = IntStream.range(0, n)
                .mapToDouble(i -> Math.log(seconds(LOG_NORMAL.draw(MEDIAN, "req-" + i, Clip.UNSPECIFIED))
                        / seconds(MEDIAN)))
                .sorted()
                .toArray();
        double median = Math.exp((logs[n / 2 - 1] + logs[n / 2]) / 2) * seconds(MEDIAN);
        double mean = Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(logs).map(l -> (l - mean) * (l - mean)).sum() / (n - 1));

        assertThat(median).isCloseTo(seconds(MEDIAN), within(0.05 * seconds(MEDIAN)));
        assertThat(sd).isCloseTo(0.3, within(0.03));
    }

    @Test
    void sigmaZeroIsTheScaledMedianItself() {
        TaskDurations flat = TaskDurations.logNormal(0, 1.0, 7);

        assertThat(flat.draw(Duration.ofSeconds(10), "req-1", Clip.UNSPECIFIED)).isEqualTo(Duration.ofSeconds(10));
        assertThat(flat.draw(Duration.ofSeconds(10), "req-2", Clip.of(20, "4k"))).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void longerClipsAndHigherResolutionsScaleTheMedianAsDocumented() {
        Clip five = Clip.of(5, null);

        assertThat(ratio(LOG_NORMAL, "req-1", Clip.of(10, null), five)).isCloseTo(Math.sqrt(2), within(0.001));
        assertThat(ratio(LOG_NORMAL, "req-1", Clip.of(20, null), five)).isCloseTo(2, within(0.001));
        assertThat(ratio(LOG_NORMAL, "req-2", Clip.of(5, "1080p"), five)).isCloseTo(1.5, within(0.001));
        assertThat(ratio(LOG_NORMAL, "req-2", Clip.of(5, "4K"), five)).isCloseTo(2.5, within(0.001));
        assertThat(ratio(LOG_NORMAL, "req-3", Clip.of(10, "1080p"), five)).isCloseTo(1.5 * Math.sqrt(2), within(0.001));
        assertThat(ratio(LOG_NORMAL, "req-3", Clip.of(5, "720p"), five)).isCloseTo(1, within(1e-9));
        assertThat(ratio(LOG_NORMAL, "req-3", Clip.UNSPECIFIED, five)).isCloseTo(1, within(1e-9));
    }

    @Test
    void clipLengthsAreReadFromNumbersAndNumericStrings() {
        assertThat(Clip.of(10, "1080p")).isEqualTo(new Clip(10.0, "1080p"));
        assertThat(Clip.of("10", " 4k ")).isEqualTo(new Clip(10.0, "4k"));
        assertThat(Clip.of("6s", null).seconds()).isEqualTo(6.0);
        assertThat(Clip.of("long", 1080)).isEqualTo(Clip.UNSPECIFIED);
        assertThat(Clip.of(0, "")).isEqualTo(Clip.UNSPECIFIED);
        assertThat(Clip.of(true, null)).isEqualTo(Clip.UNSPECIFIED);
    }

    @Test
    void durationsAreWholeMillisecondsAndAtLeastOne() {
        Duration drawn = LOG_NORMAL.draw(Duration.ofMillis(1_234), "req-7", Clip.of(7, "1080p"));

        assertThat(drawn.toNanos() % 1_000_000).isZero();
        assertThat(TaskDurations.logNormal(0.3, 1e-9, 7).draw(MEDIAN, "req-1", Clip.UNSPECIFIED))
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aNegativeSigmaOrANonPositiveTimeScaleIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> TaskDurations.logNormal(-0.1, 1, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("simulator.durations.sigma");
        assertThatThrownBy(() -> TaskDurations.logNormal(Double.NaN, 1, 7)).hasMessageContaining("durations.sigma");
        assertThatThrownBy(() -> TaskDurations.logNormal(0.3, 0, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("simulator.durations.time-scale");
        assertThatThrownBy(() -> new TaskDurations(Distribution.FIXED, 0.3, -1, 7))
                .hasMessageContaining("durations.time-scale");
    }

    @Test
    void fixedDurationsUnlessConfigured() {
        assertThat(fromConfig(Map.of()).durations()).isEqualTo(TaskDurations.DEFAULT);
        assertThat(TaskDurations.DEFAULT).isEqualTo(new TaskDurations(Distribution.FIXED, 0.3, 1.0, 7));
    }

    @Test
    void everyKeyMapsIntoTheSettings() {
        SimulatorSettings settings = fromConfig(Map.of(
                "simulator.durations.distribution", "log-normal",
                "simulator.durations.sigma", "0.5",
                "simulator.durations.time-scale", "0.1",
                "simulator.durations.seed", "11"));

        assertThat(settings.durations()).isEqualTo(TaskDurations.logNormal(0.5, 0.1, 11));
        assertThat(settings.withBasePath("/hub").durations()).isEqualTo(settings.durations());
        assertThat(settings.withChaos(ChaosSettings.NONE).durations()).isEqualTo(settings.durations());
    }

    @Test
    void anInvalidValueInConfigurationFailsNamingTheKey() {
        assertThatThrownBy(() -> fromConfig(Map.of("simulator.durations.time-scale", "0")))
                .hasMessageContaining("simulator.durations.time-scale");
        assertThatThrownBy(() -> fromConfig(Map.of("simulator.durations.distribution", "gamma")))
                .hasMessageContaining("simulator.durations.distribution");
    }

    @Test
    void withDurationsKeepsEverythingElse() {
        SimulatorSettings fixed = new SimulatorSettings("/sim", Duration.ofSeconds(3), Map.of(), "https://cdn.test",
                10, ChaosSettings.NONE);
        SimulatorSettings drawn = fixed.withDurations(LOG_NORMAL);

        assertThat(drawn).isEqualTo(new SimulatorSettings("/sim", Duration.ofSeconds(3), Map.of(), "https://cdn.test",
                10, ChaosSettings.NONE, LOG_NORMAL));
        assertThat(drawn.withDurations(null).durations()).isEqualTo(TaskDurations.DEFAULT);
    }
}
