package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorGuardTest {

    @Test
    void enabledInProdIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SimulatorGuard.check(true, List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reelay.simulator.enabled=true")
                .hasMessageContaining("prod");
    }

    @Test
    void disabledInProdOrEnabledElsewhereIsAllowed() {
        assertThatCode(() -> SimulatorGuard.check(false, List.of("prod"))).doesNotThrowAnyException();
        assertThatCode(() -> SimulatorGuard.check(true, List.of("dev"))).doesNotThrowAnyException();
        assertThatCode(() -> SimulatorGuard.check(true, List.of("demo", "test"))).doesNotThrowAnyException();
    }
}
