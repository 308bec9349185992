package io.reelay.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tiny HTTP server on a free port that records what it receives and answers as the test tells it.
 * Stands in for a misbehaving upstream or for "another host" that must never see the key.
 */
public final class RecordingServer implements AutoCloseable {

    /** A canned answer; a null body with status 0 means "never answer". */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        public static Answer never() {
            return new Answer(0, Map.of(), null);
        }
    }

    /** What the server received. {@code authorization} is the header's value, or null. */
    public record Received(String method, String uri, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public RecordingServer(Vertx vertx, Function<HttpServerRequest, Answer> responder) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(request.method().name(), request.uri(), request.getHeader("Authorization"),
                    body.toString()));
            Answer answer = responder.apply(request);
            if (answer.status() == 0) {
                return;
            }
            answer.headers().forEach(request.response()::putHeader);
            request.response().setStatusCode(answer.status()).end(answer.body() == null ? "" : answer.body());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public int port() {
        return server.actualPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
