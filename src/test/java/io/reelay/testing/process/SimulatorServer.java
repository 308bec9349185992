package io.reelay.testing.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.reelay.simulator.ChaosSettings;
import io.reelay.simulator.HubSimulator;
import io.reelay.simulator.SimulatorCallLog;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TokenLabSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The TokenLab and hub simulators in the harness JVM, on a free loopback port, mounted where the service's
 * SimulatorRoutes would mount them. Living outside the service, they and their call log survive every kill of it:
 * the log is the upstream's own account of what was asked and what was created (charged).
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

    private final Vertx vertx;
    private final HttpServer server;
    private final SimulatorCallLog callLog;

    private SimulatorServer(Vertx vertx, HttpServer server, SimulatorCallLog callLog) {
        this.vertx = vertx;
        this.server = server;
        this.callLog = callLog;
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
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        SimulatorCallLog callLog = new SimulatorCallLog(callLogSize);
        SimulatorSettings tokenlab = settings.withBasePath(TOKENLAB_PATH);
        new TokenLabSimulator(tokenlab, Clock.systemUTC(), callLog).mount(router);
        new HubSimulator(tokenlab.withBasePath(HUB_PATH), Clock.systemUTC(), callLog).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new SimulatorServer(vertx, server, callLog);
    }

    public String tokenLabBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + TOKENLAB_PATH;
    }

    public String hubBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + HUB_PATH;
    }

    public SimulatorCallLog callLog() {
        return callLog;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
