package io.reelay.simulator;

import io.reelay.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Both simulated APIs on one free port, with faults, and a client that speaks to either. */
final class ChaosHarness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    /** What differs between the two simulated APIs, as far as the faults are concerned. */
    enum Api {
        TOKENLAB("/simulator/tokenlab", "/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}",
                "/v1/tasks/"),
        HUB("/simulator/hub", "/hub/v1/video", "{\"model\":\"veo3.1\",\"input\":{\"prompt\":\"a cat\"}}",
                "/hub/v1/tasks/");

        final String base;
        final String submitPath;
        final String submitBody;
        final String pollPath;

        Api(String base, String submitPath, String submitBody, String pollPath) {
            this.base = base;
            this.submitPath = submitPath;
            this.submitBody = submitBody;
            this.pollPath = pollPath;
        }

        /** TokenLab's documented envelope, or the hub's task failure fields. */
        JsonObject error(JsonObject body) {
            return this == TOKENLAB ? body.getJsonObject("error")
                    : new JsonObject().put("code", body.getString("error_code"))
                            .put("message", body.getString("error_message"))
                            .put("retryable", body.getBoolean("retryable"))
                            .put("retry_after", body.getValue("retry_after"));
        }

        String taskId(JsonObject submitted) {
            return this == TOKENLAB ? submitted.getString("id")
                    : submitted.getString("taskId", submitted.getString("task_id"));
        }
    }

    final MutableClock clock = new MutableClock(T0);
    final SimulatorCallLog callLog = new SimulatorCallLog(5000);
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private final String root;

    ChaosHarness(ChaosSettings chaos) throws Exception {
        this(chaos, RateLimit.NONE);
    }

    /** With {@code limit} enforced on each API (its own bucket). */
    ChaosHarness(ChaosSettings chaos, RateLimit limit) throws Exception {
        Router router = Router.router(vertx);
        SimulatorSettings settings = new SimulatorSettings(Api.TOKENLAB.base, Duration.ofSeconds(10), Map.of(),
                "https://cdn.test/videos", 10_000, chaos).withRateLimit(limit);
        new TokenLabSimulator(settings, clock, callLog).mount(router);
        new HubSimulator(settings.withBasePath(Api.HUB.base), clock, callLog).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        root = "http://127.0.0.1:" + server.actualPort();
    }

    Uni<HttpResponse<Buffer>> submit(Api api, String requestId) {
        HttpRequest<Buffer> request = client.postAbs(root + api.base + api.submitPath)
                .putHeader("Content-Type", "application/json").putHeader("X-Request-Id", requestId);
        return request.sendBuffer(Buffer.buffer(api.submitBody));
    }

    Uni<HttpResponse<Buffer>> submit(Api api, String requestId, long timeoutMillis) {
        return client.postAbs(root + api.base + api.submitPath).timeout(timeoutMillis)
                .putHeader("Content-Type", "application/json").putHeader("X-Request-Id", requestId)
                .sendBuffer(Buffer.buffer(api.submitBody));
    }

    Uni<HttpResponse<Buffer>> poll(Api api, String taskId) {
        return client.getAbs(root + api.base + api.pollPath + taskId).send();
    }

    Uni<HttpResponse<Buffer>> poll(Api api, String taskId, long timeoutMillis) {
        return client.getAbs(root + api.base + api.pollPath + taskId).timeout(timeoutMillis).send();
    }

    JsonObject calls(Api api) {
        return client.getAbs(root + api.base + "/_calls").send().await().atMost(WAIT).bodyAsJsonObject();
    }

    static HttpResponse<Buffer> answer(Uni<HttpResponse<Buffer>> call) {
        return call.await().atMost(WAIT);
    }

    /** How the call failed; the client never saw an answer. */
    static Throwable failure(Uni<HttpResponse<Buffer>> call) {
        return call.map(r -> (Throwable) new AssertionError("answered " + r.statusCode() + ": " + r.bodyAsString()))
                .onFailure().recoverWithItem(t -> t)
                .await().atMost(WAIT);
    }

    @Override
    public void close() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
