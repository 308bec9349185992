package io.reelay.simulator;

import java.util.Collection;

/** Keeps the simulator out of production, where it would fake paid results. */
public final class SimulatorGuard {

    private SimulatorGuard() {
    }

    /** @throws IllegalStateException when the simulator is enabled and a {@code prod} profile is active */
    public static void check(boolean enabled, Collection<String> activeProfiles) {
        if (enabled && activeProfiles.contains("prod")) {
            throw new IllegalStateException("reelay.simulator.enabled=true is refused in the prod profile "
                    + "(active profiles: " + activeProfiles + "): the simulator fakes a paid video API. "
                    + "Unset reelay.simulator.enabled, or run with a dev, test or demo profile.");
        }
    }
}
