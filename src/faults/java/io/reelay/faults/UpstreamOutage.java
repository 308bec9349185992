package io.reelay.faults;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.reelay.testing.process.SimulatorServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The upstreams' front door, between the service and the simulators, where the run switches an outage on and off.
 * While up it forwards every call as it is, answers and faults included: a connection the simulator drops or leaves
 * hanging is dropped or left hanging here too, so the service sees what the simulator did. While down it answers
 * every call (submits and polls, both APIs) as an upstream in trouble answers: 503 {@code all_channels_failed} in
 * the API's own error body, so the service's circuit breaker opens and no submit reaches the simulator. The
 * simulators' call log therefore holds exactly the calls that reached an upstream.
 */
final class UpstreamOutage implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(30);

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;
    private final HttpServer server;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean down;

    private UpstreamOutage(int simulatorPort) throws Exception {
        // As many connections as the service may hold open to the upstreams (128 by default per provider).
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(simulatorPort).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(512));
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
        server.listen().toCompletionStage().toCompletableFuture().get(START.toSeconds(), TimeUnit.SECONDS);
    }

    /** In front of both simulators of {@code simulator}. */
    static UpstreamOutage inFrontOf(SimulatorServer simulator) throws Exception {
        return new UpstreamOutage(URI.create(simulator.tokenLabBaseUrl()).getPort());
    }

    /** {@code simulatorUrl} (a simulator's base URL), reached through this front door. */
    String viaFrontDoor(String simulatorUrl) {
        URI u = URI.create(simulatorUrl);
        return u.getScheme() + "://127.0.0.1:" + server.actualPort() + u.getRawPath();
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    /** Calls answered 503 by the outage (none of them reached a simulator). */
    long refused() {
        return refused.get();
    }

    /**
     * Waits until the outage has answered {@code atLeast} calls in all, or {@code within} has passed.
     *
     * @return true if it has
     */
    boolean awaitRefused(long atLeast, Duration within) throws InterruptedException {
        return await(refused, atLeast, within);
    }

    /** Waits until {@code atLeast} calls went through to the simulators, or {@code within} has passed. */
    boolean awaitForwarded(long atLeast, Duration within) throws InterruptedException {
        return await(forwarded, atLeast, within);
    }

    private static boolean await(AtomicLong count, long atLeast, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return count.get() >= atLeast;
    }

    private void handle(HttpServerRequest in) {
        if (down) {
            refused.incrementAndGet();
            in.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(outageBody(in.path()).encode());
            return;
        }
        forwarded.incrementAndGet();
        in.pause();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setURI(in.uri());
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                in.connection().close();
                return;
            }
            HttpClientRequest out = opened.result();
            out.headers().setAll(in.headers());
            out.headers().remove(HttpHeaders.CONNECTION);
            // The service gave up (its deadline): the simulator's side goes too, as the connection would.
            in.response().closeHandler(v -> out.reset());
            out.send(in).onComplete(answered -> {
                if (answered.failed()) {
                    in.connection().close(); // dropped by the simulator: dropped here, no answer made up
                    return;
                }
                var answer = answered.result();
                var response = in.response().setStatusCode(answer.statusCode());
                response.headers().setAll(answer.headers());
                response.headers().remove(HttpHeaders.CONNECTION);
                response.send(answer).onFailure(e -> in.connection().close());
            });
        });
    }

    /** The error body the API itself gives when all its channels fail (see each simulator's contract). */
    private static JsonObject outageBody(String path) {
        String message = "Simulated outage: all channels failed";
        if (path.startsWith(SimulatorServer.HUB_PATH)) {
            return new JsonObject().put("error_code", "all_channels_failed").put("error_message", message)
                    .put("retryable", true);
        }
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", "server_error")
                .put("code", "all_channels_failed").put("param", null).put("retryable", true));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(START.toSeconds(), TimeUnit.SECONDS);
    }
}
