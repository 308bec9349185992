package io.reelay.testing.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The upstream of every {@code @QuarkusTest}: the provider simulator as a process of its own ({@link
 * SimulatorProcess}), with the service's {@code reelay.tokenlab.base-url} and {@code reelay.hub.base-url} pointed
 * at it. Global (no test class needs to name it): one process for the whole test JVM, started with the first
 * Quarkus application and stopped when the JVM exits, so restarts between test classes cost nothing. Tests stay
 * independent through their own request ids; they read what the upstream was asked at {@link #callsUrl()}.
 */
@QuarkusTestResource(SimulatorResource.class)
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Tasks take a second, so tests end soon; one slow model, for the tests that cancel a running task.
     */
    static final List<String> TEST_OPTIONS = List.of("--default-duration=PT1S",
            "--model-durations.\"kling-v3.0-std\"=PT60S");

    private static SimulatorProcess simulator;

    @Override
    public Map<String, String> start() {
        SimulatorProcess running = running();
        return Map.of("reelay.tokenlab.base-url", running.tokenLabBaseUrl(),
                "reelay.hub.base-url", running.hubBaseUrl());
    }

    @Override
    public void stop() {
        // Shared by every Quarkus application of this JVM; stopped on exit.
    }

    /**
     * The call log of both simulated APIs as JSON, for the running test: {@code
     * given().get(SimulatorResource.callsUrl())}. Read from the application's configuration, which this resource
     * set, so it names the simulator the service really calls.
     */
    public static String callsUrl() {
        return ConfigProvider.getConfig().getValue("reelay.tokenlab.base-url", String.class) + "/_calls";
    }

    private static synchronized SimulatorProcess running() {
        if (simulator == null || !simulator.isAlive()) {
            try {
                simulator = SimulatorProcess.start(TEST_OPTIONS, Path.of("target", "test-simulator.log"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the simulator", e);
            }
            SimulatorProcess started = simulator;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-simulator-stop"));
        }
        return simulator;
    }
}
