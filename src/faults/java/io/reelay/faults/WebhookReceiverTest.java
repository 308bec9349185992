package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;

/**
 * The fault run's webhook consumer over real HTTP: a delivery signed with its subscription's secret is verified and
 * answered 204, a forged one is kept as unverified and refused; the failing endpoint answers 500 to a good one.
 */
class WebhookReceiverTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BODY = "{\"type\":\"video.completed\",\"timestamp\":\"2026-12-02T12:00:00Z\","
            + "\"data\":{\"request_id\":\"r-1\",\"mirror_status\":\"stored\",\"videos\":[{\"url\":\"u\","
            + "\"stored\":{\"key\":\"videos/r-1/0.mp4\",\"sha256\":\"ab\"},\"last_frame_stored\":null}]}}";

    @Test
    void signedDeliveriesAreVerifiedForgedOnesRefusedAndTheBrokenEndpointAnswers500() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Map<String, String> subs = receiver.subscriptions();
            String consumerUrl = subs.get("reelay.webhooks.subscriptions.consumer.url");
            String consumerSecret = subs.get("reelay.webhooks.subscriptions.consumer.secrets");
            String brokenUrl = subs.get("reelay.webhooks.subscriptions.broken.url");
            String brokenSecret = subs.get("reelay.webhooks.subscriptions.broken.secrets");

            assertThat(post(consumerUrl, consumerSecret, "msg_1", BODY, BODY)).isEqualTo(204);
            assertThat(post(consumerUrl, consumerSecret, "msg_2", BODY, BODY.replace("r-1", "r-9"))).isEqualTo(400);
            assertThat(post(consumerUrl, brokenSecret, "msg_3", BODY, BODY)).as("another endpoint's secret")
                    .isEqualTo(400);
            assertThat(post(brokenUrl, brokenSecret, "msg_4", BODY, BODY)).isEqualTo(500);

            assertThat(receiver.consumer()).extracting(WebhookReceiver.Delivery::webhookId,
                    WebhookReceiver.Delivery::verified).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("msg_1", true),
                            org.assertj.core.groups.Tuple.tuple("msg_2", false),
                            org.assertj.core.groups.Tuple.tuple("msg_3", false));
            WebhookReceiver.Delivery first = receiver.consumer().get(0);
            assertThat(first.type()).isEqualTo("video.completed");
            assertThat(first.requestId()).isEqualTo("r-1");
            assertThat(first.mirrorStatus()).isEqualTo("stored");
            assertThat(first.storedKeys()).containsExactly("videos/r-1/0.mp4 ab");
            assertThat(receiver.broken()).singleElement().extracting(WebhookReceiver.Delivery::verified)
                    .isEqualTo(true);
            assertThat(receiver.secrets()).containsExactly(consumerSecret, brokenSecret).allSatisfy(s ->
                    assertThat(s).startsWith("whsec_"));
        }
    }

    /** Posts {@code sent}, signed over {@code signed}, as the service posts a delivery; returns the status. */
    private static int post(String url, String secret, String id, String signed, String sent) throws Exception {
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = new Webhook(secret).sign(id, timestamp, signed);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(sent)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
