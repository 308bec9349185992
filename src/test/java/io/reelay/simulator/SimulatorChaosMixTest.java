package io.reelay.simulator;

import static io.reelay.simulator.ChaosHarness.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.simulator.ChaosHarness.Api;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A mixed configuration over 1,000 real calls: roughly the configured shares, the same every run. */
class SimulatorChaosMixTest {

    private static final int CALLS = 1_000;

    private static ChaosSettings mix(long seed) {
        return new ChaosSettings(0.1, Duration.ofSeconds(1), 0.1, 0.05, Duration.ofMillis(1), 0, 0.1, 0, 0, seed);
    }

    /** The fault of every call in order ("none" when there was none), half to each API. */
    private static List<String> run(ChaosSettings chaos) throws Exception {
        try (ChaosHarness sim = new ChaosHarness(chaos)) {
            for (int i = 0; i < CALLS; i++) {
                HttpResponse<Buffer> r = answer(sim.submit(i % 2 == 0 ? Api.TOKENLAB : Api.HUB, "req-" + i));
                assertThat(r.statusCode()).isIn(200, 429, 500, 502, 503);
            }
            List<String> faults = new ArrayList<>();
            sim.callLog.calls().forEach(c -> faults.add(c.fault() == null ? "none" : c.fault()));
            return faults;
        }
    }

    @Test
    void injectsRoughlyTheConfiguredShareOfEachFault() throws Exception {
        Map<String, Long> counts = run(mix(42)).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        // Binomial(1000, 0.1) has a standard deviation near 9.5: 50 either way is over five of them.
        assertThat(counts.get("rate_limited")).isBetween(50L, 150L);
        assertThat(counts.get("server_error")).isBetween(50L, 150L);
        assertThat(counts.get("malformed")).isBetween(50L, 150L);
        assertThat(counts.get("slow")).isBetween(15L, 85L);
        assertThat(counts.get("none")).isBetween(550L, 750L);
        assertThat(counts).doesNotContainKeys("hang", "drop_after_submit", "unknown_status");
    }

    @Test
    void theSameSeedInjectsTheSameSequenceAndAnotherSeedAnother() throws Exception {
        List<String> first = run(mix(42));
        List<String> second = run(mix(42));
        List<String> other = run(mix(43));

        assertThat(first).hasSize(CALLS).isEqualTo(second);
        assertThat(other).hasSize(CALLS).isNotEqualTo(first);
    }
}
