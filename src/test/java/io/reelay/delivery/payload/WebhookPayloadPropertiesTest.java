package io.reelay.delivery.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Terminal events with odd contents become bounded, valid JSON bodies; nothing throws. */
class WebhookPayloadPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void everyFieldOfTheSchemaIsWrittenUnderItsOwnName() throws Exception {
        VideoCompleted event = completed("req-1", "hello", Map.of("team", "video"), 1);
        event.setEstimatedCostUsd(new BigDecimal("0.250000"));
        JsonNode body = JSON.readTree(WebhookPayload.of("video.completed", AT, event, 262_144));

        assertThat(body.path("type").asText()).isEqualTo("video.completed");
        assertThat(body.path("timestamp").asText()).isEqualTo("2026-12-02T12:00:00Z");
        JsonNode data = body.path("data");
        // Generic over the schema: a field appended later (a stored copy, say) appears with no change here.
        for (Schema.Field field : VideoCompleted.getClassSchema().getFields()) {
            assertThat(data.has(field.name())).as(field.name()).isTrue();
        }
        assertThat(data.path("request_id").asText()).isEqualTo("req-1");
        assertThat(data.path("videos").get(0).path("url").asText()).isEqualTo("https://cdn.example.com/v0.mp4");
        assertThat(data.path("completed_at").asText()).isEqualTo("2026-12-02T11:59:00Z");
        assertThat(data.path("estimated_cost_usd").asText()).isEqualTo("0.250000");
        assertThat(data.path("metadata").path("team").asText()).isEqualTo("video");
        assertThat(data.has("truncated")).isFalse();
    }

    @Test
    void aFailureCarriesItsReasonAsText() throws Exception {
        JsonNode data = JSON.readTree(WebhookPayload.of("video.failed", AT, failed("r", "boom", Map.of()), 262_144))
                .path("data");
        assertThat(data.path("reason").asText()).isEqualTo("upstream_failed");
        assertThat(data.path("retryable").asBoolean()).isTrue();
    }

    @Test
    void anIdOfControlCharactersStillFitsTheSmallestBound() throws Exception {
        // Shrunk counterexample: each \u0001 is escaped to six bytes, so a 200-character id alone overflowed 1 KiB.
        String id = "\u0001".repeat(5000);
        check(WebhookPayload.of("video.failed", AT, failed(id, id, Map.of(id, id)), 0), 0, "video.failed");
    }

    @Property(tries = 2000)
    void oddFailuresBecomeBoundedValidJson(@ForAll("text") String id, @ForAll("text") String message,
            @ForAll("metadata") Map<String, String> metadata, @ForAll("bound") int bound) throws Exception {
        String body = WebhookPayload.of("video.failed", AT, failed(id, message, metadata), bound);
        check(body, bound, "video.failed");
    }

    @Property(tries = 1000)
    void oddCompletionsBecomeBoundedValidJson(@ForAll("text") String id, @ForAll("text") String answer,
            @ForAll("metadata") Map<String, String> metadata, @ForAll("videoCount") int videos,
            @ForAll("bound") int bound) throws Exception {
        String body = WebhookPayload.of("video.completed", AT, completed(id, answer, metadata, videos), bound);
        check(body, bound, "video.completed");
    }

    private static void check(String body, int bound, String type) throws Exception {
        assertThat(body.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Math.max(bound, WebhookPayload.MIN_BYTES));
        JsonNode root = JSON.readTree(body);
        assertThat(root.path("type").asText()).isEqualTo(type);
        assertThat(root.path("data").isObject()).isTrue();
        assertThat(root.path("data").has("request_id")).isTrue();
    }

    private static VideoFailed failed(String id, String message, Map<String, String> metadata) {
        return VideoFailed.newBuilder().setRequestId(id).setReason(FailureReason.upstream_failed).setMessage(message)
                .setRetryable(true).setFailedAt(AT).setMetadata(new HashMap<>(metadata)).setUpstreamAnswer(message)
                .setCallbackUrl("https://hooks.example.com/" + message.length()).build();
    }

    private static VideoCompleted completed(String id, String answer, Map<String, String> metadata, int videos) {
        List<VideoAsset> assets = new java.util.ArrayList<>();
        for (int i = 0; i < videos; i++) {
            assets.add(VideoAsset.newBuilder().setUrl("https://cdn.example.com/v" + i + ".mp4").build());
        }
        return VideoCompleted.newBuilder().setRequestId(id).setUpstreamTaskId("task").setProvider("tokenlab")
                .setModel("veo3.1").setVideos(assets).setCompletedAt(AT.minusSeconds(60))
                .setMetadata(new HashMap<>(metadata)).setUpstreamAnswer(answer).build();
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(50),
                Arbitraries.strings().all().ofMinLength(1000).ofMaxLength(60_000),
                Arbitraries.of("", "\u0000", "\ud800", "\udfff\ud800", "\"}\\", "\ud83c\udfac".repeat(20_000)));
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        return Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(300), text()).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Integer> videoCount() {
        return Arbitraries.integers().between(0, 500);
    }

    @Provide
    Arbitrary<Integer> bound() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-5, 5000), Arbitraries.of(262_144));
    }
}
