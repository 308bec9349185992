package io.reelay.lifecycle.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.lifecycle.streams.TrackerTopology;

/** A {@code reelay.polling.*} value out of range stops the start, naming its key. */
class PollingLimitsTest {

    static Stream<Arguments> outOfRange() {
        TestConfig d = TestConfig.defaults();
        return Stream.of(
                Arguments.of(d.set(c -> c.polling().lagTolerance(), Duration.ofMillis(-1)), "lag-tolerance must not"),
                Arguments.of(d.set(c -> c.polling().lagToleranceRatio(), 1.0), "lag-tolerance-ratio"),
                Arguments.of(d.set(c -> c.polling().lagToleranceRatio(), -0.1), "lag-tolerance-ratio"),
                Arguments.of(d.set(c -> c.polling().lagToleranceMax(), Duration.ofSeconds(1)), "lag-tolerance-max"),
                Arguments.of(d.set(c -> c.polling().minInterval(), Duration.ZERO), "min-interval"),
                Arguments.of(d.set(c -> c.polling().maxInterval(), Duration.ofMillis(500)), "max-interval"),
                Arguments.of(d.set(c -> c.polling().expectedDuration(), Duration.ZERO), "expected-duration"),
                Arguments.of(d.set(c -> c.polling().priorSpread(), 0.0), "prior-spread"),
                Arguments.of(d.set(c -> c.polling().modelPriorSpread(), 0.0), "model-prior-spread"),
                Arguments.of(d.set(c -> c.polling().earlyQuantile(), 0.5), "early-quantile"),
                Arguments.of(d.set(c -> c.polling().earlyQuantile(), 0.0), "early-quantile"),
                Arguments.of(d.set(c -> c.polling().backoffRatio(), 0.0), "backoff-ratio"),
                Arguments.of(d.set(c -> c.polling().jitter(), 1.0), "jitter"),
                Arguments.of(d.set(c -> c.polling().jitter(), -0.1), "jitter"),
                Arguments.of(d.set(c -> c.polling().learningRate(), 0.0), "learning-rate"),
                Arguments.of(d.set(c -> c.polling().learningRate(), 1.5), "learning-rate"));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void aValueOutOfRangeIsRefusedByItsKey(TestConfig config, String key) {
        assertThatThrownBy(() -> PollingLimits.check(config.polling())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reelay.polling." + key);
    }

    @Test
    void theDefaultsAndTheEdgesOfEachRangeAreAccepted() {
        TestConfig edges = TestConfig.defaults()
                .set(c -> c.polling().lagTolerance(), Duration.ZERO)
                .set(c -> c.polling().lagToleranceRatio(), 0.0)
                .set(c -> c.polling().lagToleranceMax(), Duration.ZERO)
                .set(c -> c.polling().minInterval(), Duration.ofMillis(1))
                .set(c -> c.polling().maxInterval(), Duration.ofMillis(1))
                .set(c -> c.polling().jitter(), 0.0)
                .set(c -> c.polling().learningRate(), 1.0);

        assertThatCode(() -> PollingLimits.check(TestConfig.defaults().polling())).doesNotThrowAnyException();
        assertThat(PollingLimits.check(edges.polling()).maxInterval()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theTrackerChecksThemWhenItsTopologyIsBuiltAtStartUp() {
        var bad = TestConfig.defaults().set(c -> c.polling().jitter(), 1.0).build();

        // Before anything is wired: the services are never looked at.
        assertThatThrownBy(() -> TrackerTopology.buildTopology(bad, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reelay.polling.jitter must be in [0, 1)");
    }
}
