package io.reelay.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The provider simulator: fake TokenLab and hub APIs served by Reelay itself, for dev, tests and the
 * demo. Refused in the {@code prod} profile.
 */
@ConfigMapping(prefix = "reelay.simulator")
public interface SimulatorConfig {

    /** Whether to mount the simulator's routes. Startup fails if this is true in the prod profile. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Path the simulator is mounted under; point {@code reelay.tokenlab.base-url} at
     * {@code http://<host>:<port><base-path>}.
     */
    @WithDefault("/simulator/tokenlab")
    String basePath();

    /**
     * Path the hub simulator is mounted under; point {@code reelay.hub.base-url} at
     * {@code http://<host>:<port><hub-base-path>}. Durations, result URLs and the call log are shared
     * with the TokenLab simulator.
     */
    @WithDefault("/simulator/hub")
    String hubBasePath();

    /** How long a simulated task takes from submit to completion, for models without their own entry. */
    @WithDefault("PT3S")
    Duration defaultDuration();

    /** Per-model task durations, e.g. {@code reelay.simulator.model-durations."veo3.1"=PT20S}. */
    Map<String, Duration> modelDurations();

    /** Where the fake result videos "live"; nothing is served there. */
    @WithDefault("https://cdn.reelay-simulator.test/videos")
    String resultUrlBase();

    /** How many calls the call log keeps (per-request submit counts are kept regardless). */
    @WithDefault("1000")
    int callLogSize();

    /** How many tasks the simulator remembers; older ones answer 404, like expired upstream tasks. */
    @WithDefault("10000")
    int maxTasks();
}
