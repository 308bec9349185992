package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.simulator.SimulatorHttp.Call;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    private static final int DRAWS = 20_000;

    private static ChaosSettings chaos(double drop, double unknown) {
        return new ChaosSettings(0.1, Duration.ofSeconds(1), 0.1, 0.1, Duration.ofSeconds(1), 0.1, 0.1, drop, unknown,
                42);
    }

    private static Map<Fault, Integer> draw(FaultInjector injector, Call call) {
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(injector.draw(call), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void eachFaultHitsItsShareOfTheCallsItAppliesTo() {
        Map<Fault, Integer> submits = draw(new FaultInjector(chaos(0.2, 0.3)), Call.SUBMIT);
        Map<Fault, Integer> polls = draw(new FaultInjector(chaos(0.2, 0.3)), Call.POLL);

        // Shares of 20,000 draws: 10% is 2,000 with a standard deviation near 42.
        for (Fault f : new Fault[] {Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.SLOW, Fault.HANG, Fault.MALFORMED}) {
            assertThat(submits.get(f)).as("submit %s", f).isBetween(1_750, 2_250);
            assertThat(polls.get(f)).as("poll %s", f).isBetween(1_750, 2_250);
        }
        assertThat(submits.get(Fault.DROP_AFTER_SUBMIT)).isBetween(3_650, 4_350);
        assertThat(submits).doesNotContainKey(Fault.UNKNOWN_STATUS);
        assertThat(polls.get(Fault.UNKNOWN_STATUS)).isBetween(5_600, 6_400);
        assertThat(polls).doesNotContainKey(Fault.DROP_AFTER_SUBMIT);
    }

    @Test
    void probabilityOneAlwaysAndNoChaosNever() {
        FaultInjector always = new FaultInjector(new ChaosSettings(0, Duration.ZERO, 0, 0, Duration.ZERO, 1, 0, 0, 0, 1));

        assertThat(draw(always, Call.POLL)).containsOnlyKeys(Fault.HANG);
        assertThat(draw(new FaultInjector(ChaosSettings.NONE), Call.SUBMIT)).containsOnlyKeys(Fault.NONE);
    }

    @Test
    void serverErrorsRotate() {
        FaultInjector injector = new FaultInjector(ChaosSettings.NONE);

        assertThat(injector.nextServerError().status()).isEqualTo(500);
        assertThat(injector.nextServerError().status()).isEqualTo(502);
        assertThat(injector.nextServerError().code()).isEqualTo("all_channels_failed");
        assertThat(injector.nextServerError().status()).isEqualTo(500);
    }
}
