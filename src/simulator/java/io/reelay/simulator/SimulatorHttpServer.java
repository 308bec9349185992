package io.reelay.simulator;

import io.reelay.simulator.models.HubModel;
import io.reelay.simulator.models.ModelBook;
import io.reelay.simulator.models.TokenLabModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The TokenLab and hub simulators on one HTTP server of their own, sharing one call log (so submits per
 * request id count across providers). {@link SimulatorMain} runs it as a process; a test harness that must
 * read the call log directly (a fault run that kills the service) may run it in its own JVM.
 */
public final class SimulatorHttpServer implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final String host;
    private final SimulatorSettings tokenLab;
    private final String hubPath;
    private final SimulatorCallLog callLog;
    private final ModelBook<TokenLabModel> tokenLabModels = ModelBook.tokenLab();
    private final ModelBook<HubModel> hubModels = ModelBook.hub();

    private SimulatorHttpServer(Vertx vertx, HttpServer server, String host, SimulatorSettings tokenLab,
            String hubPath, SimulatorCallLog callLog) {
        this.vertx = vertx;
        this.server = server;
        this.host = host;
        this.tokenLab = tokenLab;
        this.hubPath = hubPath;
        this.callLog = callLog;
    }

    /**
     * Starts both simulators and returns once they listen.
     *
     * @param tokenLab the TokenLab simulator's settings; the hub's differ only by their path, {@code hubPath}
     * @param port 0 for any free port ({@link #port()} tells which)
     */
    public static SimulatorHttpServer start(SimulatorSettings tokenLab, String hubPath, int callLogSize, String host,
            int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            SimulatorCallLog callLog = new SimulatorCallLog(callLogSize);
            SimulatorSettings hub = tokenLab.withBasePath(hubPath);
            HttpServer server = vertx.createHttpServer();
            SimulatorHttpServer started = new SimulatorHttpServer(vertx, server, host, tokenLab, hub.basePath(),
                    callLog);
            new TokenLabSimulator(tokenLab, Clock.systemUTC(), callLog, started.tokenLabModels).mount(router);
            new HubSimulator(hub, Clock.systemUTC(), callLog, started.hubModels).mount(router);
            server.requestHandler(router).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return started;
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** What Reelay's {@code reelay.tokenlab.base-url} should be. */
    public String tokenLabBaseUrl() {
        return root() + tokenLab.basePath();
    }

    /** What Reelay's {@code reelay.hub.base-url} should be. */
    public String hubBaseUrl() {
        return root() + hubPath;
    }

    public SimulatorSettings settings() {
        return tokenLab;
    }

    public SimulatorCallLog callLog() {
        return callLog;
    }

    /** TokenLab's models as its discovery serves them; a harness may change them while it runs. */
    public ModelBook<TokenLabModel> tokenLabModels() {
        return tokenLabModels;
    }

    /** The hub's models as its discovery serves them; a harness may change them while it runs. */
    public ModelBook<HubModel> hubModels() {
        return hubModels;
    }

    private String root() {
        // A wildcard address listens everywhere; loopback reaches it from this host.
        String reachable = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + port();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
