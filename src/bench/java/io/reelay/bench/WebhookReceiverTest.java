package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

/** The benchmark's webhook consumer: first arrivals per request, signatures checked as a consumer would. */
class WebhookReceiverTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("bench-receiver-secret-32-bytes!!".getBytes(StandardCharsets.US_ASCII));
    private final HttpClient http = HttpClient.newHttpClient();
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
    }

    @Test
    void keepsTheFirstArrivalOfEachRequestAndCountsEveryAttempt() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(post(WebhookReceiver.RELAY, "r-1", SECRET)).isEqualTo(204);
        long first = receiver.firstArrival(WebhookReceiver.RELAY, "r-1");
        // The repeat arrives on a later millisecond, so keeping the first arrival is told from keeping the last.
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > first);
        assertThat(post(WebhookReceiver.RELAY, "r-1", SECRET)).as("a repeat").isEqualTo(204);
        assertThat(post(WebhookReceiver.RELAY, "r-2", SECRET)).isEqualTo(204);

        assertThat(first).isBetween(before, System.currentTimeMillis());
        assertThat(receiver.firstArrival(WebhookReceiver.RELAY, "r-1")).isEqualTo(first);
        assertThat(receiver.seen(WebhookReceiver.RELAY)).isEqualTo(2);
        assertThat(receiver.deliveries()).isEqualTo(3);
        assertThat(receiver.attempts("r-1")).isEqualTo(2);
        assertThat(receiver.attempts("r-3")).isZero();
        assertThat(receiver.unverified()).isZero();
        assertThat(receiver.firstArrival(WebhookReceiver.BASELINE, "r-1")).isNull();
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsCountedUnverified() throws Exception {
        String other = "whsec_" + Base64.getEncoder()
                .encodeToString("another-secret-of-thirty-two-by!".getBytes(StandardCharsets.US_ASCII));
        post(WebhookReceiver.RELAY, "r-1", other);
        post(WebhookReceiver.RELAY, "r-2", SECRET);

        assertThat(receiver.deliveries()).isEqualTo(2);
        assertThat(receiver.unverified()).isEqualTo(1);
    }

    @Test
    void theBaselineIsKeptApartAndNeedsNoSignature() throws Exception {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(receiver.url(WebhookReceiver.BASELINE)))
                .POST(HttpRequest.BodyPublishers.ofString(body("r-9"))).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(receiver.firstArrival(WebhookReceiver.BASELINE, "r-9")).isNotNull();
        assertThat(receiver.firstArrival(WebhookReceiver.RELAY, "r-9")).isNull();
        assertThat(receiver.deliveries()).isZero();
    }

    @Test
    void aBodyWithoutARequestIdIsRefusedAndNotRecorded() throws Exception {
        for (String body : new String[] {"not json", "{\"data\":{}}", "{\"data\":[1]}", "[]"}) {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(
                    URI.create(receiver.url(WebhookReceiver.BASELINE))).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(receiver.seen(WebhookReceiver.BASELINE)).isZero();
    }

    private int post(String path, String requestId, String secret) throws Exception {
        String body = body(requestId);
        String id = "msg_" + requestId;
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = new Webhook(secret).sign(id, timestamp, body);
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url(path)))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String body(String requestId) {
        return "{\"type\":\"video.completed\",\"timestamp\":\"2026-12-02T12:00:00Z\",\"data\":{\"request_id\":\""
                + requestId + "\"}}";
    }
}
