package io.reelay.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.reelay.testing.RecordingServer.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * For plain-JUnit tests of upstream clients over real HTTP: a Vert.x, a WebClient on it, and
 * routers (a simulator, a recording stand-in) served on free loopback ports. Closing it closes all.
 */
public final class LoopbackHttp implements AutoCloseable {

    private final Vertx vertx;
    private final WebClient webClient;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private LoopbackHttp(Vertx vertx) {
        this.vertx = vertx;
        this.webClient = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    }

    public static LoopbackHttp start() {
        return new LoopbackHttp(Vertx.vertx());
    }

    public Vertx vertx() {
        return vertx;
    }

    public WebClient webClient() {
        return webClient;
    }

    /** Serves the router on a free 127.0.0.1 port and answers the URL of {@code path} there. */
    public String serve(Router router, String path) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** A server that records what it receives and answers as told; closed with this. */
    public RecordingServer recording(Function<HttpServerRequest, Answer> responder) throws Exception {
        RecordingServer server = new RecordingServer(vertx, responder);
        closeables.add(server);
        return server;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        webClient.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
