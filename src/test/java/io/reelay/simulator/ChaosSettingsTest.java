package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosSettingsTest {

    private static ChaosSettings with(double rateLimited, double hang, double drop, double unknown) {
        return new ChaosSettings(rateLimited, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(1), hang, 0, drop,
                unknown, 1);
    }

    /** Through the simulator's own command line: {@code simulator.x.y} given as {@code --x.y=value}. */
    private static SimulatorSettings fromConfig(Map<String, String> properties) {
        return SimulatorMain.config(properties.entrySet().stream()
                .map(e -> "--" + e.getKey().substring("simulator.".length()) + "=" + e.getValue())
                .toArray(String[]::new)).settings();
    }

    @Test
    void probabilitiesOutside0To1AreRefusedNamingTheKey() {
        assertThatThrownBy(() -> with(1.5, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("simulator.chaos.rate-limited");
        assertThatThrownBy(() -> with(0, -0.1, 0, 0)).hasMessageContaining("chaos.hang");
        assertThatThrownBy(() -> with(0, 0, Double.NaN, 0)).hasMessageContaining("chaos.drop-after-submit");
        assertThatThrownBy(() -> new ChaosSettings(0, Duration.ofSeconds(-1), 0, 0, Duration.ZERO, 0, 0, 0, 0, 1))
                .hasMessageContaining("chaos.retry-after");
    }

    @Test
    void theSharesOfOneKindOfCallAddUpToAtMostOne() {
        assertThatThrownBy(() -> with(0.6, 0.5, 0, 0)).hasMessageContaining("add up to");
        assertThatThrownBy(() -> with(0.5, 0, 0.6, 0)).hasMessageContaining("submits");
        assertThatThrownBy(() -> with(0.5, 0, 0, 0.6)).hasMessageContaining("polls");
        // Drop and unknown status never meet on one call, so together they may exceed 1.
        assertThat(with(0.2, 0, 0.8, 0.8).any()).isTrue();
        assertThat(ChaosSettings.NONE.any()).isFalse();
    }

    @Test
    void noChaosUnlessConfigured() {
        ChaosSettings chaos = fromConfig(Map.of()).chaos();

        assertThat(chaos.any()).isFalse();
        assertThat(chaos.seed()).isEqualTo(42);
    }

    @Test
    void everyKeyMapsIntoTheSettings() {
        Map<String, String> p = new HashMap<>();
        p.put("simulator.chaos.rate-limited", "0.1");
        p.put("simulator.chaos.retry-after", "PT3S");
        p.put("simulator.chaos.server-errors", "0.2");
        p.put("simulator.chaos.slow", "0.05");
        p.put("simulator.chaos.slow-delay", "PT0.5S");
        p.put("simulator.chaos.hang", "0.01");
        p.put("simulator.chaos.malformed", "0.02");
        p.put("simulator.chaos.drop-after-submit", "0.03");
        p.put("simulator.chaos.unknown-status", "0.04");
        p.put("simulator.chaos.seed", "7");

        assertThat(fromConfig(p).chaos()).isEqualTo(new ChaosSettings(0.1, Duration.ofSeconds(3), 0.2, 0.05,
                Duration.ofMillis(500), 0.01, 0.02, 0.03, 0.04, 7));
    }

    @Test
    void anInvalidProbabilityInConfigurationFailsTheMapping() {
        assertThatThrownBy(() -> fromConfig(Map.of("simulator.chaos.malformed", "2")))
                .hasMessageContaining("simulator.chaos.malformed");
    }

    @Test
    void hostileAnswersAreConfiguredByShareAndByName() {
        Map<String, String> p = new HashMap<>();
        p.put("simulator.chaos.hostile", "0.25");
        p.put("simulator.chaos.hostile-answers", "deep-json,huge-retry-after");

        ChaosSettings chaos = fromConfig(p).chaos();

        assertThat(chaos.hostile()).isEqualTo(0.25);
        assertThat(chaos.hostileAnswers()).containsExactly(HostileAnswer.HUGE_RETRY_AFTER, HostileAnswer.DEEP_JSON);
        assertThat(chaos.any()).isTrue();
        assertThat(fromConfig(Map.of("simulator.chaos.hostile", "1")).chaos().hostileAnswers())
                .containsExactly(HostileAnswer.values());
        assertThatThrownBy(() -> fromConfig(Map.of("simulator.chaos.hostile", "0.6",
                "simulator.chaos.rate-limited", "0.6"))).hasMessageContaining("add up to");
    }
}
