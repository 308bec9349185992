package io.reelay.simulator;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Mounts the {@link TokenLabSimulator} and the {@link HubSimulator} on the application's HTTP server when enabled. */
@ApplicationScoped
public class SimulatorRoutes {

    private static final Logger LOG = Logger.getLogger(SimulatorRoutes.class);

    private final SimulatorConfig config;
    private final SimulatorCallLog callLog;

    public SimulatorRoutes(SimulatorConfig config) {
        this.config = config;
        this.callLog = new SimulatorCallLog(config.callLogSize());
    }

    // Also checked at startup, so a misconfigured prod deployment fails even if no route is ever built.
    void checkProfile(@Observes StartupEvent event) {
        SimulatorGuard.check(config.enabled(), ConfigUtils.getProfiles());
    }

    void init(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        SimulatorGuard.check(true, ConfigUtils.getProfiles());
        SimulatorSettings settings = SimulatorSettings.from(config);
        SimulatorSettings hub = settings.withBasePath(config.hubBasePath());
        new TokenLabSimulator(settings, Clock.systemUTC(), callLog).mount(router);
        new HubSimulator(hub, Clock.systemUTC(), callLog).mount(router);
        LOG.warnf("Provider simulator enabled: fake TokenLab API at %s, fake hub API at %s (not for production)",
                settings.basePath(), hub.basePath());
        TaskDurations durations = settings.durations();
        if (durations.distribution() != TaskDurations.Distribution.FIXED || durations.timeScale() != 1.0) {
            LOG.warnf("Provider simulator task durations: %s", durations);
        }
        if (settings.chaos().any()) {
            LOG.warnf("Provider simulator injects faults: %s", settings.chaos());
        }
    }

    /** What the simulator was asked, for tests running in the same JVM. */
    public SimulatorCallLog callLog() {
        return callLog;
    }
}
