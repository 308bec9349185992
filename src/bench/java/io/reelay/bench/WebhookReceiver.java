package io.reelay.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A webhook consumer on a free loopback port, in a Vert.x of its own: it takes each POST whole, notes when it arrived
 * (this machine's wall clock, the one the brokers' record timestamps use), under its path and the event's
 * {@code data.request_id}, and answers 204 at once. Deliveries to {@link #RELAY} are checked with the Standard
 * Webhooks library, as a consumer would; {@link #BASELINE} takes the benchmark's own unsigned POSTs.
 */
final class WebhookReceiver implements AutoCloseable {

    /** Where the service's subscription delivers. */
    static final String RELAY = "/reelay";
    /** Where the benchmark posts the same event itself, the baseline. */
    static final String BASELINE = "/baseline";

    private final Vertx vertx = Vertx.vertx();
    private final Webhook verifier;
    private final HttpServer server;
    /** First arrival (epoch ms) per path and request id. */
    private final Map<String, Map<String, Long>> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
    private final AtomicLong unverified = new AtomicLong();

    /** @param secret the subscription's {@code whsec_...} secret */
    WebhookReceiver(String secret) throws Exception {
        this.verifier = new Webhook(secret);
        try {
            this.server = vertx.createHttpServer().requestHandler(this::receive).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private void receive(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            long now = System.currentTimeMillis();
            String path = request.path();
            String text = body.toString();
            String requestId = requestId(text);
            if (RELAY.equals(path)) {
                deliveries.incrementAndGet();
                if (!verified(text, request)) {
                    unverified.incrementAndGet();
                }
            }
            if (requestId != null && RELAY.equals(path)) {
                attempts.computeIfAbsent(requestId, id -> new AtomicLong()).incrementAndGet();
            }
            if (requestId != null) {
                firstArrival.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putIfAbsent(requestId, now);
            }
            request.response().setStatusCode(requestId == null ? 400 : 204).end();
        });
    }

    private boolean verified(String body, HttpServerRequest request) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        try {
            verifier.verify(body, headers);
            return true;
        } catch (WebhookVerificationException | RuntimeException e) {
            return false;
        }
    }

    private static String requestId(String body) {
        try {
            JsonObject data = new JsonObject(body).getJsonObject("data");
            return data == null ? null : data.getString("request_id");
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** When the first POST for the request arrived at {@code path} (epoch ms), or null. */
    Long firstArrival(String path, String requestId) {
        return firstArrival.getOrDefault(path, Map.of()).get(requestId);
    }

    /** Request ids seen at {@code path}. */
    int seen(String path) {
        return firstArrival.getOrDefault(path, Map.of()).size();
    }

    /** Every POST to {@link #RELAY}, repeats included. */
    long deliveries() {
        return deliveries.get();
    }

    /** POSTs to {@link #RELAY} for this request, repeats included. */
    long attempts(String requestId) {
        AtomicLong count = attempts.get(requestId);
        return count == null ? 0 : count.get();
    }

    /** POSTs to {@link #RELAY} whose signature did not verify. */
    long unverified() {
        return unverified.get();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
