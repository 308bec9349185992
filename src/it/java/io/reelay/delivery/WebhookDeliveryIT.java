package io.reelay.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;

/**
 * Webhooks over a real broker, the simulator and real HTTP receivers (JDK HttpServer) that verify every signature
 * with the specification's algorithm: one verified delivery per terminal event and endpoint; a 500 is retried with
 * the same webhook-id; an endpoint that never answers times out without delaying the others; an endpoint that keeps
 * failing is dead-lettered once the (shortened) window has passed; GET shows the attempts; a replay repeats the id.
 * A subscription that answers 410 Gone is disabled (its later events dead-lettered at once) until enabled over HTTP; a
 * callback URL that answers 410 ends that delivery only.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(WebhookDeliveryIT.Receivers.class)
class WebhookDeliveryIT {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("webhook-it-secret-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));
    private static final String PORT_PROPERTY = "webhook-it.receiver-port";
    private static final int PORT = freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(90);

    /** What each receiver path got: verified deliveries only (an unverifiable one fails the test). */
    private static final Map<String, List<Delivery>> RECEIVED = new ConcurrentHashMap<>();
    private static final List<String> UNVERIFIED = new CopyOnWriteArrayList<>();
    /** Holds the handler of the endpoint that never answers until the tests are over: no thread sleeps. */
    private static final CountDownLatch RELEASE_SILENT = new CountDownLatch(1);
    /** What the "gone" subscription answers to the 410 test's requests: 410 until the test says otherwise. */
    private static final AtomicInteger GONE_STATUS = new AtomicInteger(410);
    private static HttpServer server;
    private static TopicClient kafka;

    record Delivery(String webhookId, String type, String requestId, Instant at) {
    }

    public static class Receivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("reelay.webhooks.callback-secrets", SECRET),
                    Map.entry("reelay.webhooks.allow-loopback", "true"),
                    Map.entry("reelay.webhooks.subscriptions.ok.url", BASE + "/ok"),
                    Map.entry("reelay.webhooks.subscriptions.ok.secrets", SECRET),
                    Map.entry("reelay.webhooks.subscriptions.flaky.url", BASE + "/flaky"),
                    Map.entry("reelay.webhooks.subscriptions.flaky.secrets", SECRET),
                    Map.entry("reelay.webhooks.subscriptions.flaky.events", "completed"),
                    Map.entry("reelay.webhooks.subscriptions.silent.url", BASE + "/silent"),
                    Map.entry("reelay.webhooks.subscriptions.silent.secrets", SECRET),
                    Map.entry("reelay.webhooks.subscriptions.silent.events", "completed"),
                    Map.entry("reelay.webhooks.subscriptions.down.url", BASE + "/down"),
                    Map.entry("reelay.webhooks.subscriptions.down.secrets", SECRET),
                    Map.entry("reelay.webhooks.subscriptions.down.events", "failed"),
                    Map.entry("reelay.webhooks.subscriptions.gone.url", BASE + "/gone"),
                    Map.entry("reelay.webhooks.subscriptions.gone.secrets", SECRET),
                    Map.entry("reelay.webhooks.subscriptions.gone.events", "completed"),
                    Map.entry("reelay.webhooks.subscriptions.gone.owner", "test-writer"),
                    Map.entry("reelay.webhooks.timeout", "PT2S"),
                    Map.entry("reelay.webhooks.first-backoff", "PT0.2S"),
                    Map.entry("reelay.webhooks.max-backoff", "PT0.5S"),
                    // Shortened by configuration: a delivery that keeps failing is dead after a few seconds.
                    Map.entry("reelay.webhooks.retry-window", "PT4S"));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", WebhookDeliveryIT::receive);
        server.start();
        kafka = new TopicClient(KafkaBrokerResource.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        RELEASE_SILENT.countDown(); // the handlers still waiting answer, and their threads end
        if (server != null) {
            server.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void receive(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        HttpHeaders headers = HttpHeaders.of(exchange.getRequestHeaders(), (a, b) -> true);
        try {
            new Webhook(SECRET).verify(body, headers); // the specification's library
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            // And the algorithm by hand, as a consumer without the library would check it.
            assertThat(exchange.getRequestHeaders().getFirst("webhook-signature").split(" "))
                    .contains("v1," + hmac(id + "." + ts + "." + body));
            assertThat(exchange.getRequestHeaders().containsKey("Authorization")).isFalse();
            JsonNode json = JSON.readTree(body);
            List<Delivery> got = RECEIVED.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
            String requestId = json.path("data").path("request_id").asText();
            got.add(new Delivery(id, json.path("type").asText(), requestId, Instant.now()));
            int status = switch (path) {
                case "/flaky" -> got.stream().filter(d -> d.webhookId().equals(id)).count() == 1 ? 500 : 200;
                case "/down" -> 503;
                case "/silent" -> {
                    // Never answers within the timeout: waits for the tests to end (bounded, should teardown not run).
                    RELEASE_SILENT.await(5, TimeUnit.MINUTES);
                    yield 200;
                }
                // Only this class's 410 test's requests are answered 410: another test's request (posted by the same
                // owner) must not disable the subscription before that test starts.
                case "/gone" -> requestId.startsWith("gone-") ? GONE_STATUS.get() : 204;
                case "/callback-gone" -> 410;
                default -> 204;
            };
            exchange.sendResponseHeaders(status, -1);
        } catch (Exception | AssertionError e) {
            UNVERIFIED.add(path + ": " + e);
            exchange.sendResponseHeaders(400, -1);
        } finally {
            exchange.close();
        }
    }

    @Test
    void eachTerminalEventIsDeliveredSignedToEachEndpointRetriedTimedOutAndDeadLettered() {
        String run = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String ok = run + "-ok";
        String failing = run + "-fail";
        kafka.send(Topics.REQUESTS, ok, request(ok, "A calm cinematic shot of a lake"));
        kafka.send(Topics.REQUESTS, failing, request(failing, "A storm at sea [simulate:fail]"));

        // One verified delivery per terminal event to the subscription and to each request's callback_url.
        await().atMost(WITHIN).until(() -> ids("/ok", run).size() == 2 && ids("/callback", run).size() == 2);
        assertThat(deliveries("/ok", run)).extracting(Delivery::type)
                .containsExactlyInAnyOrder("video.completed", "video.failed");
        assertThat(ids("/callback", run)).doesNotContainAnyElementsOf(ids("/ok", run));

        // A 500, then the retry with the same webhook-id, answered 200.
        await().atMost(WITHIN).until(() -> deliveries("/flaky", run).size() == 2);
        assertThat(deliveries("/flaky", run)).extracting(Delivery::webhookId).containsOnly(
                deliveries("/flaky", run).get(0).webhookId());

        // The endpoint that never answers did not hold up the others: they were served before its timeout passed.
        Instant silentFirst = deliveries("/silent", run).stream().map(Delivery::at).min(Instant::compareTo)
                .orElseThrow();
        assertThat(deliveries("/ok", run)).filteredOn(d -> d.requestId().equals(ok)).allSatisfy(d ->
                assertThat(d.at()).isBefore(silentFirst.plusSeconds(2)));
        assertThat(deliveries("/flaky", run).get(1).at()).isBefore(silentFirst.plusSeconds(2));

        // The endpoint that answers 503 is dead-lettered after the window.
        List<Received> dead = new CopyOnWriteArrayList<>();
        kafka.readUntil(List.of(Topics.WEBHOOKS_DEAD), WITHIN, r -> {
            if (r.key().endsWith("/down") && new String(r.value(), StandardCharsets.UTF_8).contains(failing)) {
                dead.add(r);
                return true;
            }
            return false;
        });
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"outcome\":\"dead\"")
                .contains("\"last_status\":503").doesNotContain("\"data\"");

        // GET shows every attempt; a replay repeats the webhook-id.
        await().atMost(WITHIN).untilAsserted(() -> given().header("X-API-Key", "test-admin-key")
                .get("/v1/requests/" + ok).then().statusCode(200)
                .body("deliveries.find { it.endpoint == 'flaky' }.attempts.status_code", org.hamcrest.Matchers.contains(500, 200))
                .body("deliveries.find { it.endpoint == 'flaky' }.status", org.hamcrest.Matchers.equalTo("delivered")));
        String okId = deliveries("/ok", run).stream().filter(d -> d.requestId().equals(ok)).findFirst().orElseThrow()
                .webhookId();
        given().header("X-API-Key", "test-admin-key").post("/v1/requests/" + ok + "/deliveries/replay")
                .then().statusCode(202);
        await().atMost(WITHIN).until(() -> deliveries("/ok", run).stream()
                .filter(d -> d.webhookId().equals(okId)).count() == 2);

        assertThat(UNVERIFIED).isEmpty();
    }

    @Test
    void aCallbackUrlIsRefusedAtSubmitUnlessPublicOrLoopbackHereAndOnTheClientsList() {
        String body = "{\"model\":\"veo3.1\",\"prompt\":\"A lake\",\"callback_url\":\"%s\"}";
        // test-writer may call back localhost and 127.0.0.1 (application.properties, test profile).
        given().header("X-API-Key", "test-writer-key").contentType("application/json")
                .body(body.formatted("https://hooks.acme.com/reelay")).post("/v1/requests")
                .then().statusCode(400).body("error.validation_errors[0].code",
                        org.hamcrest.Matchers.equalTo("host_not_allowed"));
        // Private addresses are refused by the URL policy whatever the list says.
        given().header("X-API-Key", "test-writer-key").contentType("application/json")
                .body(body.formatted("https://10.1.2.3/reelay")).post("/v1/requests")
                .then().statusCode(400).body("error.validation_errors[0].field",
                        org.hamcrest.Matchers.equalTo("callback_url"));
        // A client without callback-hosts may not set callback_url at all.
        given().header("X-API-Key", "test-other-writer-key").contentType("application/json")
                .body(body.formatted(BASE + "/callback")).post("/v1/requests")
                .then().statusCode(400);
        given().header("X-API-Key", "test-writer-key").contentType("application/json")
                .body(body.formatted(BASE + "/callback")).post("/v1/requests")
                .then().statusCode(202);
    }

    @Test
    void aSubscriptionAnswering410IsDisabledItsLaterEventsDeadLetteredAndItIsEnabledAgainOverHttp() {
        String run = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        String first = run + "-a";
        String second = run + "-b";
        post(first, BASE + "/callback-gone");

        // The subscription and the callback URL both answer 410 to the first event.
        await().atMost(WITHIN).until(() -> deliveries("/gone", run).size() == 1
                && deliveries("/callback-gone", run).size() == 1);
        List<Received> disabling = new CopyOnWriteArrayList<>();
        kafka.readUntil(List.of(Topics.WEBHOOKS), WITHIN, r -> {
            if ("subscription:gone".equals(r.key()) && r.value() != null
                    && new String(r.value(), StandardCharsets.UTF_8).contains("\"disabled\":true")) {
                disabling.add(r);
                return true;
            }
            return false;
        });
        assertThat(disabling).as("the disabling is kept on the compacted state topic").hasSize(1);
        assertThat(new String(disabling.get(0).value(), StandardCharsets.UTF_8)).doesNotContain(BASE);

        // A later event: dead-lettered at once for the disabled subscription, never sent to it; the callback URL that
        // answered 410 before is called again (nothing but the subscription is disabled), and so are the others.
        post(second, BASE + "/callback-gone");
        List<Received> dead = new CopyOnWriteArrayList<>();
        kafka.readUntil(List.of(Topics.WEBHOOKS_DEAD), WITHIN, r -> {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (r.key().endsWith("/gone") && value.contains(second)) {
                dead.add(r);
                return true;
            }
            return false;
        });
        assertThat(dead).hasSize(1);
        String letter = new String(dead.get(0).value(), StandardCharsets.UTF_8);
        assertThat(letter).contains("\"outcome\":\"endpoint_disabled\"").contains("\"attempts\":0")
                .doesNotContain("\"data\"");
        await().atMost(WITHIN).until(() -> deliveries("/callback-gone", run).size() == 2
                && deliveries("/ok", run).size() == 2);
        assertThat(deliveries("/gone", run)).as("nothing sent to the disabled subscription").hasSize(1);
        given().header("X-API-Key", "test-writer-key").get("/v1/requests/" + second).then().statusCode(200)
                .body("deliveries.find { it.endpoint == 'gone' }.status",
                        org.hamcrest.Matchers.equalTo("endpoint_disabled"));
        given().header("X-API-Key", "test-writer-key").get("/v1/requests/" + first).then().statusCode(200)
                .body("deliveries.find { it.endpoint == 'callback' }.status", org.hamcrest.Matchers.equalTo("gone"));
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("reelay_webhooks_subscriptions_disabled_total\\{[^}]*endpoint=\"gone\"[^}]*\\} 1\\.0");

        // Enabling: only its owner's key (or an admin key); another key sees no such subscription.
        String enable = "/v1/webhooks/subscriptions/gone/enable";
        given().header("X-API-Key", "test-other-writer-key").post(enable).then().statusCode(404)
                .body("error.code", org.hamcrest.Matchers.equalTo("subscription_not_found"));
        given().header("X-API-Key", "test-reader-key").post(enable).then().statusCode(403);
        given().header("X-API-Key", "test-writer-key").post("/v1/webhooks/subscriptions/nope/enable").then()
                .statusCode(404);
        GONE_STATUS.set(204);
        given().header("X-API-Key", "test-writer-key").post(enable).then().statusCode(200)
                .body("was_disabled", org.hamcrest.Matchers.equalTo(true));
        given().header("X-API-Key", "test-admin-key").post(enable).then().statusCode(200)
                .body("was_disabled", org.hamcrest.Matchers.equalTo(false));

        // The dead-lettered delivery, replayed, now reaches the subscription with its webhook-id.
        String deadId = letter.replaceAll(".*\"webhook_id\":\"([^\"]+)\".*", "$1");
        given().header("X-API-Key", "test-writer-key").post("/v1/requests/" + second + "/deliveries/replay")
                .then().statusCode(202);
        await().atMost(WITHIN).until(() -> deliveries("/gone", run).stream()
                .anyMatch(d -> d.requestId().equals(second) && d.webhookId().equals(deadId)));
        assertThat(UNVERIFIED).isEmpty();
    }

    /** Posts a request as test-writer (the "gone" subscription's owner), calling back {@code callback}. */
    private static void post(String id, String callback) {
        given().header("X-API-Key", "test-writer-key").contentType("application/json")
                .body("{\"request_id\":\"%s\",\"model\":\"veo3.1\",\"prompt\":\"A calm lake\",\"callback_url\":\"%s\"}"
                        .formatted(id, callback))
                .post("/v1/requests").then().statusCode(202);
    }

    private static List<Delivery> deliveries(String path, String run) {
        return RECEIVED.getOrDefault(path, List.of()).stream().filter(d -> d.requestId().startsWith(run)).toList();
    }

    private static List<String> ids(String path, String run) {
        return deliveries(path, run).stream().map(Delivery::webhookId).distinct().toList();
    }

    private static VideoRequested request(String id, String prompt) {
        return VideoRequested.newBuilder().setRequestId(id).setModel("veo3.1").setOperation("text-to-video")
                .setPrompt(prompt).setRequestedAt(Instant.now()).setCallbackUrl(BASE + "/callback").build();
    }

    private static String hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * One port for the whole run: the profile is loaded by Quarkus's class loader and the test by another, so the
     * port is kept in a system property both see.
     */
    private static synchronized int freePort() {
        String kept = System.getProperty(PORT_PROPERTY);
        if (kept != null) {
            return Integer.parseInt(kept);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            System.setProperty(PORT_PROPERTY, Integer.toString(s.getLocalPort()));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
