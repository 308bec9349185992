package io.reelay.testing.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Webhook consumers on a free loopback port (JDK HttpServer), for the fault run and the benchmark: each endpoint
 * (a path) verifies every POST's signature with the Standard Webhooks library under its own secret, as a consumer
 * would, and keeps every call as it came (repeats through crashes included), with the first accepted arrival of each
 * request and a dedupe on {@code webhook-id} beside. A verified call is answered with the endpoint's status (204 for
 * a consumer, 500 for one that fails every delivery); a call that does not verify, or names no request, is kept,
 * counted and answered 400. An endpoint without a secret takes unsigned POSTs (a baseline posted by the test itself).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One call as the receiver saw it.
     *
     * @param webhookId the {@code webhook-id} header (null when none)
     * @param verified the signature (and timestamp) checked out with the endpoint's secret; false on an unsigned
     *        endpoint
     * @param type the body's {@code type}
     * @param requestId the body's {@code data.request_id}
     * @param receivedAt epoch ms, this machine's wall clock (the one the brokers' record timestamps use)
     * @param mirrorStatus the body's {@code data.mirror_status} (null on a failure)
     * @param storedKeys {@code key sha256} of every stored copy the body names, sorted
     * @param body the raw body
     */
    public record Delivery(String webhookId, boolean verified, String type, String requestId, long receivedAt,
            String mirrorStatus, List<String> storedKeys, String body) {
    }

    /** A path's secret (null: unsigned), its answer to an accepted call, and what it got. */
    private record Endpoint(String secret, int answer, ConcurrentLinkedQueue<Delivery> calls,
            Map<String, Long> firstArrival) {

        boolean accepts(Delivery d) {
            return d.requestId() != null && (secret == null || d.verified());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    /** In the order served; endpoints are added before any call comes, read by the test's threads. */
    private final Map<String, Endpoint> endpoints = Collections.synchronizedMap(new LinkedHashMap<>());

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.start();
    }

    /** A receiver with no endpoint yet: add them with {@link #endpoint}. */
    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver();
    }

    /**
     * Serves {@code path}: a call verified with {@code secret} (null: no signature asked) is answered {@code answer}.
     *
     * @return this receiver
     */
    public WebhookReceiver endpoint(String path, String secret, int answer) {
        Endpoint endpoint = new Endpoint(secret, answer, new ConcurrentLinkedQueue<>(), new ConcurrentHashMap<>());
        if (endpoints.putIfAbsent(path, endpoint) != null) {
            throw new IllegalArgumentException(path + " is served already");
        }
        server.createContext(path, exchange -> receive(exchange, endpoint));
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /**
     * The service's subscription {@code name} to {@code path}, every event, with the endpoint's secret:
     * {@code reelay.webhooks.subscriptions.<name>.url} and {@code .secrets}.
     */
    public Map<String, String> subscription(String name, String path) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("reelay.webhooks.subscriptions." + name + ".url", url(path));
        p.put("reelay.webhooks.subscriptions." + name + ".secrets", endpoint(path).secret());
        return p;
    }

    /** The endpoints' secrets, which must never reach a log line or a record. */
    public List<String> secrets() {
        synchronized (endpoints) {
            return endpoints.values().stream().map(Endpoint::secret).filter(Objects::nonNull).toList();
        }
    }

    /** Every call {@code path} got, in arrival order, repeats and unverified ones included. */
    public List<Delivery> deliveries(String path) {
        return new ArrayList<>(endpoint(path).calls());
    }

    /** When the first accepted call for the request arrived at {@code path} (epoch ms), or null. */
    public Long firstArrival(String path, String requestId) {
        return endpoint(path).firstArrival().get(requestId);
    }

    /** Request ids with an accepted call at {@code path}. */
    public int seen(String path) {
        return endpoint(path).firstArrival().size();
    }

    /** Calls to {@code path} for this request, repeats and unverified ones included. */
    public long attempts(String path, String requestId) {
        return endpoint(path).calls().stream().filter(d -> requestId.equals(d.requestId())).count();
    }

    /** Calls to a signed {@code path} whose signature did not verify. */
    public long unverified(String path) {
        Endpoint endpoint = endpoint(path);
        return endpoint.secret() == null ? 0 : endpoint.calls().stream().filter(d -> !d.verified()).count();
    }

    /** The verified calls to {@code path} by {@code webhook-id}, in arrival order: a consumer's dedupe. */
    public Map<String, List<Delivery>> byWebhookId(String path) {
        Map<String, List<Delivery>> byId = new LinkedHashMap<>();
        endpoint(path).calls().stream().filter(Delivery::verified)
                .forEach(d -> byId.computeIfAbsent(String.valueOf(d.webhookId()), k -> new ArrayList<>()).add(d));
        return byId;
    }

    private Endpoint endpoint(String path) {
        Endpoint endpoint = endpoints.get(path);
        if (endpoint == null) {
            throw new IllegalArgumentException(path + " is not served");
        }
        return endpoint;
    }

    private static void receive(HttpExchange exchange, Endpoint endpoint) throws IOException {
        try (exchange) {
            long at = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean verified = false;
            if (endpoint.secret() != null) {
                try {
                    new Webhook(endpoint.secret()).verify(body, HttpHeaders.of(exchange.getRequestHeaders(),
                            (a, b) -> true));
                    verified = true;
                } catch (Exception e) {
                    verified = false;
                }
            }
            Delivery delivery = parse(exchange.getRequestHeaders().getFirst("webhook-id"), verified, at, body);
            endpoint.calls().add(delivery);
            boolean accepted = endpoint.accepts(delivery);
            if (accepted) {
                endpoint.firstArrival().putIfAbsent(delivery.requestId(), at);
            }
            exchange.sendResponseHeaders(accepted ? endpoint.answer() : 400, -1);
        }
    }

    /** A call's body read as a terminal event's webhook; what it does not hold is null. */
    public static Delivery parse(String webhookId, boolean verified, long at, String body) {
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
            // Kept as it came: a delivery that cannot be read matches no event.
        }
        return new Delivery(webhookId, verified, type, requestId, at, mirrorStatus, List.copyOf(stored), body);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** A new random Standard Webhooks secret ({@code whsec_} and 32 bytes in base64). */
    public static String newSecret() {
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
