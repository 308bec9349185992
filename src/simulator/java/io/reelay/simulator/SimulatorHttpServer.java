package io.reelay.simulator;

import io.reelay.simulator.models.HubModel;
import io.reelay.simulator.models.ModelBook;
import io.reelay.simulator.models.TokenLabModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    /** Where the result files are served by default, and how long their links work. */
    public static final String FILES_PATH = "/simulator/files";
    public static final Duration RESULT_URL_TTL = Duration.ofHours(1);

    /**
     * Starts both simulators and returns once they listen, serving result files at {@link #FILES_PATH} for
     * {@link #RESULT_URL_TTL}.
     *
     * @param tokenLab the TokenLab simulator's settings; the hub's differ only by their path, {@code hubPath}
     * @param port 0 for any free port ({@link #port()} tells which)
     */
    public static SimulatorHttpServer start(SimulatorSettings tokenLab, String hubPath, int callLogSize, String host,
            int port) throws Exception {
        return start(tokenLab, hubPath, callLogSize, host, port, FILES_PATH, RESULT_URL_TTL);
    }

    /**
     * Starts both simulators and returns once they listen.
     *
     * @param tokenLab the TokenLab simulator's settings; the hub's differ only by their path, {@code hubPath}. A
     *        blank {@code resultUrlBase} means the simulator's own files ({@code filesPath} on this server)
     * @param port 0 for any free port ({@link #port()} tells which)
     * @param resultUrlTtl how long a finished task's files answer (then 403, as an expired link does)
     */
    public static SimulatorHttpServer start(SimulatorSettings tokenLab, String hubPath, int callLogSize, String host,
            int port, String filesPath, Duration resultUrlTtl) throws Exception {
        return start(tokenLab, hubPath, callLogSize, host, port, filesPath, resultUrlTtl, ResultFiles.SAMPLE_AS_IS);
    }

    /**
     * Starts both simulators and returns once they listen, serving every result video at {@code resultFileBytes}.
     *
     * @param resultFileBytes the served video's size: the sample MP4 padded to it with a trailing {@code free} box
     *        (0: the sample as it is, 80 KB); at least the sample's size plus 8
     * @see #start(SimulatorSettings, String, int, String, int, String, Duration)
     */
    public static SimulatorHttpServer start(SimulatorSettings tokenLab, String hubPath, int callLogSize, String host,
            int port, String filesPath, Duration resultUrlTtl, long resultFileBytes) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            // HTTP/1.1 only: the JDK client asks plain-http servers to upgrade to h2c, and Vert.x's upgrade, taken by
            // several connections at once, garbles bodies (a burst of concurrent downloads of the result files failed
            // with "protocol error: Frame type ... exceeds MAX_FRAME_SIZE"). Real hosts negotiate HTTP/2 over TLS.
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false));
            server.requestHandler(router).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            // Mounted once the port is known, so that the result URLs can point at this server.
            SimulatorSettings settings = tokenLab.resultUrlBase().isBlank()
                    ? tokenLab.withResultUrlBase(root(host, server.actualPort()) + filesPath) : tokenLab;
            SimulatorCallLog callLog = new SimulatorCallLog(callLogSize);
            SimulatorSettings hub = settings.withBasePath(hubPath);
            SimulatorHttpServer started = new SimulatorHttpServer(vertx, server, host, settings, hub.basePath(),
                    callLog);
            TokenLabSimulator tokenLabApi = new TokenLabSimulator(settings, Clock.systemUTC(), callLog,
                    started.tokenLabModels);
            HubSimulator hubApi = new HubSimulator(hub, Clock.systemUTC(), callLog, started.hubModels);
            tokenLabApi.mount(router);
            hubApi.mount(router);
            new ResultFiles(resultUrlTtl, Clock.systemUTC(),
                    List.of(tokenLabApi::resultReadyAt, hubApi::resultReadyAt), resultFileBytes).mount(router, filesPath);
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
        return root(host, port());
    }

    private static String root(String host, int port) {
        // A wildcard address listens everywhere; loopback reaches it from this host.
        String reachable = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + port;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
