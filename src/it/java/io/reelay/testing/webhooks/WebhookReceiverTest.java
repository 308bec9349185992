package io.reelay.testing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

import io.reelay.testing.webhooks.WebhookReceiver.Delivery;

/**
 * The webhook receiver the fault run and the benchmark share, over real HTTP: signatures checked with the Standard
 * Webhooks library under each endpoint's secret, forged calls kept as unverified and refused, the first accepted
 * arrival of each request, every attempt counted, a dedupe on webhook-id, and an unsigned baseline kept apart.
 */
class WebhookReceiverTest {

    private static final String CONSUMER = "/consumer";
    private static final String BROKEN = "/broken";
    private static final String BASELINE = "/baseline";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String consumerSecret = WebhookReceiver.newSecret();
    private final String brokenSecret = WebhookReceiver.newSecret();
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = WebhookReceiver.start().endpoint(CONSUMER, consumerSecret, 204).endpoint(BROKEN, brokenSecret, 500)
                .endpoint(BASELINE, null, 204);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void signedDeliveriesAreVerifiedForgedOnesKeptAndRefusedAndTheBrokenEndpointAnswers500() throws Exception {
        String body = completion("r-1");

        assertThat(post(CONSUMER, consumerSecret, "msg_1", body, body)).isEqualTo(204);
        assertThat(post(CONSUMER, consumerSecret, "msg_2", body, body.replace("r-1", "r-9"))).as("body changed")
                .isEqualTo(400);
        assertThat(post(CONSUMER, brokenSecret, "msg_3", body, body)).as("another endpoint's secret").isEqualTo(400);
        assertThat(post(BROKEN, brokenSecret, "msg_4", body, body)).isEqualTo(500);

        assertThat(receiver.deliveries(CONSUMER)).extracting(Delivery::webhookId, Delivery::verified)
                .containsExactly(tuple("msg_1", true), tuple("msg_2", false), tuple("msg_3", false));
        Delivery first = receiver.deliveries(CONSUMER).get(0);
        assertThat(first.type()).isEqualTo("video.completed");
        assertThat(first.requestId()).isEqualTo("r-1");
        assertThat(first.mirrorStatus()).isEqualTo("stored");
        assertThat(first.storedKeys()).containsExactly("videos/r-1/0.mp4 ab");
        assertThat(receiver.unverified(CONSUMER)).isEqualTo(2);
        assertThat(receiver.seen(CONSUMER)).as("a forged call is no arrival").isEqualTo(1);
        assertThat(receiver.firstArrival(CONSUMER, "r-9")).isNull();
        assertThat(receiver.deliveries(BROKEN)).singleElement().extracting(Delivery::verified).isEqualTo(true);
        assertThat(receiver.secrets()).containsExactly(consumerSecret, brokenSecret)
                .allSatisfy(s -> assertThat(s).startsWith("whsec_"));
    }

    @Test
    void keepsTheFirstArrivalOfEachRequestCountsEveryAttemptAndDedupesOnWebhookId() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(post(CONSUMER, consumerSecret, "msg_r-1", completion("r-1"), completion("r-1"))).isEqualTo(204);
        long first = receiver.firstArrival(CONSUMER, "r-1");
        // The repeat arrives on a later millisecond, so keeping the first arrival is told from keeping the last.
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > first);
        assertThat(post(CONSUMER, consumerSecret, "msg_r-1", completion("r-1"), completion("r-1"))).as("a repeat")
                .isEqualTo(204);
        assertThat(post(CONSUMER, consumerSecret, "msg_r-2", completion("r-2"), completion("r-2"))).isEqualTo(204);
        post(CONSUMER, brokenSecret, "msg_r-2", completion("r-2"), completion("r-2"));

        assertThat(first).isBetween(before, System.currentTimeMillis());
        assertThat(receiver.firstArrival(CONSUMER, "r-1")).isEqualTo(first);
        assertThat(receiver.seen(CONSUMER)).isEqualTo(2);
        assertThat(receiver.deliveries(CONSUMER)).hasSize(4);
        assertThat(receiver.attempts(CONSUMER, "r-1")).isEqualTo(2);
        assertThat(receiver.attempts(CONSUMER, "r-2")).as("the forged one too").isEqualTo(2);
        assertThat(receiver.attempts(CONSUMER, "r-3")).isZero();
        Map<String, List<Delivery>> byId = receiver.byWebhookId(CONSUMER);
        assertThat(byId).containsOnlyKeys("msg_r-1", "msg_r-2");
        assertThat(byId.get("msg_r-1")).hasSize(2);
        assertThat(byId.get("msg_r-2")).as("the unverified call is not the consumer's").hasSize(1);
        assertThat(receiver.firstArrival(BASELINE, "r-1")).isNull();
    }

    @Test
    void theUnsignedBaselineIsKeptApartAndNeedsNoSignature() throws Exception {
        assertThat(postUnsigned(BASELINE, completion("r-9"))).isEqualTo(204);

        assertThat(receiver.firstArrival(BASELINE, "r-9")).isNotNull();
        assertThat(receiver.unverified(BASELINE)).isZero();
        assertThat(receiver.firstArrival(CONSUMER, "r-9")).isNull();
        assertThat(receiver.deliveries(CONSUMER)).isEmpty();
        assertThat(postUnsigned(CONSUMER, completion("r-9"))).as("a signed endpoint refuses it").isEqualTo(400);
        assertThat(receiver.unverified(CONSUMER)).isEqualTo(1);
    }

    @Test
    void aBodyWithoutARequestIdIsRefusedAndIsNoArrival() throws Exception {
        for (String body : new String[] {"not json", "{\"data\":{}}", "{\"data\":[1]}", "[]"}) {
            assertThat(postUnsigned(BASELINE, body)).as(body).isEqualTo(400);
            assertThat(post(CONSUMER, consumerSecret, "msg_x", body, body)).as(body).isEqualTo(400);
        }
        assertThat(receiver.seen(BASELINE)).isZero();
        assertThat(receiver.seen(CONSUMER)).isZero();
        assertThat(receiver.deliveries(CONSUMER)).hasSize(4).allSatisfy(d -> assertThat(d.requestId()).isNull());
    }

    @Test
    void anEndpointIsServedOnceAndAPathNotServedIsAnError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> receiver.endpoint(CONSUMER, consumerSecret, 204));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> receiver.deliveries("/elsewhere"));
        assertThat(receiver.subscription("consumer", CONSUMER)).containsExactly(
                Map.entry("reelay.webhooks.subscriptions.consumer.url", receiver.url(CONSUMER)),
                Map.entry("reelay.webhooks.subscriptions.consumer.secrets", consumerSecret));
    }

    private static String completion(String requestId) {
        return "{\"type\":\"video.completed\",\"timestamp\":\"2026-12-02T12:00:00Z\",\"data\":{\"request_id\":\""
                + requestId + "\",\"mirror_status\":\"stored\",\"videos\":[{\"url\":\"u\",\"stored\":{\"key\":"
                + "\"videos/" + requestId + "/0.mp4\",\"sha256\":\"ab\"},\"last_frame_stored\":null}]}}";
    }

    /** Posts {@code sent}, signed over {@code signed}, as the service posts a delivery; returns the status. */
    private int post(String path, String secret, String id, String signed, String sent) throws Exception {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = new Webhook(secret).sign(id, timestamp, signed);
        return HTTP.send(HttpRequest.newBuilder(URI.create(receiver.url(path))).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(sent)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int postUnsigned(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(receiver.url(path))).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
