package io.reelay.testing.process;

import java.time.Duration;
import java.util.Map;

import io.reelay.simulator.ChaosSettings;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorHttpServer;
import io.reelay.simulator.SimulatorSettings;

/**
 * The TokenLab and hub simulators in the harness JVM, on a free loopback port: the same server
 * {@code SimulatorMain} runs as a process ({@link SimulatorProcess}), here so that the fault run, the two-instance
 * test and the benchmark read the call log in memory (task timings, every call of a 10,000-request run). Living
 * outside the service, they and their call log survive every kill of it: the log is the upstream's own account of
 * what was asked and what was created (charged).
 */
public final class SimulatorServer implements AutoCloseable {

    public static final String TOKENLAB_PATH = "/simulator/tokenlab";
    public static final String HUB_PATH = "/simulator/hub";

    /** Short tasks, different by model, so runs end soon and tasks overlap. */
    public static final Map<String, Duration> MODEL_DURATIONS = Map.of(
            "veo3.1", Duration.ofSeconds(4),
            "hailuo-2.3-standard", Duration.ofSeconds(3),
            "viduq2-pro", Duration.ofSeconds(2),
            "kling-3.0-motion-control", Duration.ofSeconds(3),
            "topaz-video-upscale", Duration.ofSeconds(1),
            "veo3.1-fast", Duration.ofSeconds(1),
            "wan-2.7", Duration.ofSeconds(2));

    private final SimulatorHttpServer server;

    private SimulatorServer(SimulatorHttpServer server) {
        this.server = server;
    }

    /**
     * @param maxTasks tasks each simulator remembers: above the run's request count, or old tasks would answer 404
     * @param callLogSize calls kept in the log: above what the run makes, so none is dropped from the count
     */
    public static SimulatorServer start(int maxTasks, int callLogSize, ChaosSettings chaos) throws Exception {
        return start(new SimulatorSettings(TOKENLAB_PATH, Duration.ofSeconds(2), MODEL_DURATIONS,
                "https://cdn.reelay-simulator.test/videos", maxTasks).withChaos(chaos), callLogSize);
    }

    /** Both simulators with these settings (the TokenLab one's; the hub's differ only by their path). */
    public static SimulatorServer start(SimulatorSettings settings, int callLogSize) throws Exception {
        return new SimulatorServer(SimulatorHttpServer.start(settings.withBasePath(TOKENLAB_PATH), HUB_PATH,
                callLogSize, "127.0.0.1", 0));
    }

    public String tokenLabBaseUrl() {
        return server.tokenLabBaseUrl();
    }

    public String hubBaseUrl() {
        return server.hubBaseUrl();
    }

    public SimulatorCallLog callLog() {
        return server.callLog();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    /**
     * Both simulators with these settings, serving their own result files (a blank {@code resultUrlBase}), every
     * video padded to {@code resultFileBytes} (the benchmark's big files; see {@code SimulatorHttpServer}), its links
     * answering for {@link SimulatorHttpServer#RESULT_URL_TTL}.
     */
    public static SimulatorServer startServingFiles(SimulatorSettings settings, int callLogSize, long resultFileBytes)
            throws Exception {
        return new SimulatorServer(SimulatorHttpServer.start(settings.withBasePath(TOKENLAB_PATH).withResultUrlBase(""),
                HUB_PATH, callLogSize, "127.0.0.1", 0, SimulatorHttpServer.FILES_PATH, SimulatorHttpServer.RESULT_URL_TTL,
                resultFileBytes));
    }
}
