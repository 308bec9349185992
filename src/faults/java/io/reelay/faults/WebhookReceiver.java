package io.reelay.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Two webhook consumers of the run on loopback (JDK HttpServer), each a subscription of the service for every
 * terminal event: {@code /consumer}, which verifies each delivery's signature with the Standard Webhooks library,
 * answers 204 and keeps what it got; and {@code /broken}, which verifies too but answers 500 to every call, so
 * its deliveries are retried for the whole run beside the good one. Every call is kept (the dedupe on
 * {@code webhook-id} is the report's), so the raw repeats through crashes can be counted.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String CONSUMER = "/consumer";
    static final String BROKEN = "/broken";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One call as the receiver saw it.
     *
     * @param webhookId the {@code webhook-id} header
     * @param verified the signature (and timestamp) checked out with the endpoint's secret
     * @param type the body's {@code type}
     * @param requestId the body's {@code data.request_id}
     * @param receivedAt epoch ms
     * @param mirrorStatus the body's {@code data.mirror_status} (null on a failure)
     * @param storedKeys {@code key sha256} of every stored copy the body names, sorted
     * @param body the raw body
     */
    record Delivery(String webhookId, boolean verified, String type, String requestId, long receivedAt,
            String mirrorStatus, List<String> storedKeys, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final String consumerSecret = newSecret();
    private final String brokenSecret = newSecret();
    private final ConcurrentLinkedQueue<Delivery> consumer = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Delivery> broken = new ConcurrentLinkedQueue<>();

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext(CONSUMER, e -> receive(e, consumerSecret, consumer, 204));
        server.createContext(BROKEN, e -> receive(e, brokenSecret, broken, 500));
        server.start();
    }

    static WebhookReceiver start() throws IOException {
        return new WebhookReceiver();
    }

    /**
     * The service's subscriptions to both endpoints, each with its own secret: {@code consumer} and {@code broken},
     * every event.
     */
    Map<String, String> subscriptions() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "reelay.webhooks.subscriptions.consumer.url", base + CONSUMER,
                "reelay.webhooks.subscriptions.consumer.secrets", consumerSecret,
                "reelay.webhooks.subscriptions.broken.url", base + BROKEN,
                "reelay.webhooks.subscriptions.broken.secrets", brokenSecret);
    }

    /** The secrets, which must never reach a log line or a record. */
    List<String> secrets() {
        return List.of(consumerSecret, brokenSecret);
    }

    /** Every call the good endpoint got, in arrival order. */
    List<Delivery> consumer() {
        return new ArrayList<>(consumer);
    }

    /** Every call the failing endpoint got (each answered 500). */
    List<Delivery> broken() {
        return new ArrayList<>(broken);
    }

    private static void receive(HttpExchange exchange, String secret, ConcurrentLinkedQueue<Delivery> into,
            int answer) throws IOException {
        try (exchange) {
            long at = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean verified;
            try {
                new Webhook(secret).verify(body, HttpHeaders.of(exchange.getRequestHeaders(), (a, b) -> true));
                verified = true;
            } catch (Exception e) {
                verified = false;
            }
            into.add(parse(exchange.getRequestHeaders().getFirst("webhook-id"), verified, at, body));
            exchange.sendResponseHeaders(verified ? answer : 400, -1);
        }
    }

    static Delivery parse(String webhookId, boolean verified, long at, String body) {
        String type = null;
        String requestId = null;
        String mirrorStatus = null;
        TreeSet<String> stored = new TreeSet<>();
        try {
            JsonNode json = JSON.readTree(body);
            type = text(json.path("type"));
            JsonNode data = json.path("data");
            requestId = text(data.path("request_id"));
            mirrorStatus = text(data.path("mirror_status"));
            for (JsonNode video : data.path("videos")) {
                for (String field : List.of("stored", "last_frame_stored")) {
                    JsonNode copy = video.path(field);
                    if (copy.isObject()) {
                        stored.add(copy.path("key").asText() + " " + copy.path("sha256").asText());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Kept as it came: the report counts a delivery it cannot read as not matching its event.
        }
        return new Delivery(webhookId, verified, type, requestId, at, mirrorStatus, List.copyOf(stored), body);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
