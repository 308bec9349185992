package io.reelay.upstream.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.reelay.catalog.Operation;
import io.reelay.catalog.discovery.Discovery;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.RecordingServer.Answer;

/** Both gateways' discovery over real HTTP: paths, detail calls, keys, and answers that are no discovery. */
class DiscoveryClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HUB_KEY = "hub-key-0123456789";

    private LoopbackHttp http;

    @BeforeEach
    void start() {
        http = LoopbackHttp.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private DiscoveryClient client(String tokenLabBase, String hubBase) {
        return new DiscoveryClient(http.webClient(), tokenLabBase, Optional.ofNullable(hubBase), Optional.of(HUB_KEY),
                Duration.ofSeconds(5), UpstreamTelemetry.disabled());
    }

    @Test
    void tokenLabIsAskedForItsFullVideoListWithoutAKeyAndCompactEntriesForTheirDetails() throws Exception {
        RecordingServer tokenLab = http.recording(request -> request.path().endsWith("/v1/models")
                ? Answer.json(200, """
                        {"object": "list", "data": [
                          {"id": "veo3.1", "tokenlab": {"request_format_summary": {"supported_operations": ["text-to-video"]}}},
                          {"id": "sora-2", "object": "model"}]}
                        """)
                : Answer.json(200, """
                        {"id": "sora-2", "lifecycle": {"retired_at": "2026-09-24T00:00:00Z", "replacement_model": "veo3.1"},
                         "tokenlab": {"request_format_summary": {"supported_operations": ["image-to-video"]}}}
                        """));

        Discovery d = client(tokenLab.baseUrl(), null).tokenLab().await().atMost(WAIT);

        assertThat(d.models()).hasSize(2);
        assertThat(d.models().get(1).operations()).containsExactly(Operation.IMAGE_TO_VIDEO);
        assertThat(d.models().get(1).lifecycle().replacementModel()).isEqualTo("veo3.1");
        assertThat(tokenLab.received()).extracting(RecordingServer.Received::uri)
                .containsExactly("/v1/models?category=video&view=full", "/v1/models/sora-2",
                        // Then the prices: the list names none here, so each model is asked for its own.
                        "/v1/pricing", "/v1/models/veo3.1/pricing", "/v1/models/sora-2/pricing");
        assertThat(tokenLab.received()).allSatisfy(r -> assertThat(r.authorization()).isNull());
    }

    @Test
    void theHubIsAskedForEachModelsInputSchemaWithItsOwnKey() throws Exception {
        RecordingServer hub = http.recording(request -> request.path().endsWith("/hub/v1/models")
                ? Answer.json(200, "{\"data\": [{\"id\": \"wan-2.7\", \"category\": \"text-to-video\"}]}")
                : Answer.json(200, """
                        {"id": "wan-2.7", "category": "text-to-video", "input_schema": {"properties": {
                            "prompt": {"type": "string", "maxLength": 5000}}, "required": ["prompt"]}}
                        """));
        DiscoveryClient client = client("https://tokenlab.invalid", hub.baseUrl());

        Discovery d = client.hub().await().atMost(WAIT);

        assertThat(d.models()).singleElement().satisfies(m -> assertThat(m.parameters()).singleElement()
                .satisfies(p -> assertThat(p.maxLength()).isEqualTo(5000)));
        assertThat(hub.received()).extracting(RecordingServer.Received::uri)
                .containsExactly("/hub/v1/models", "/hub/v1/models/wan-2.7");
        assertThat(hub.received()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + HUB_KEY));
    }

    @Test
    void aDetailThatFailsKeepsTheListsEntry() throws Exception {
        RecordingServer hub = http.recording(request -> request.path().endsWith("/hub/v1/models")
                ? Answer.json(200, "{\"data\": [{\"id\": \"veo-3.1\", \"category\": \"text-to-video\"}]}")
                : Answer.json(500, "oops"));

        Discovery d = client("https://tokenlab.invalid", hub.baseUrl()).hub().await().atMost(WAIT);

        assertThat(d.models()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("veo-3.1");
            assertThat(m.operations()).containsExactly(Operation.TEXT_TO_VIDEO);
            assertThat(m.parameters()).isEmpty();
        });
    }

    @Test
    void aListThatIsNoAnswerFailsTheRoundAndAHubWithoutABaseUrlIsNotRead() throws Exception {
        RecordingServer broken = http.recording(request -> Answer.json(503, "{\"error\": \"down\"}"));

        assertThatThrownBy(() -> client(broken.baseUrl(), null).tokenLab().await().atMost(WAIT))
                .hasMessageContaining("503");
        assertThat(client(broken.baseUrl(), null).readsHub()).isFalse();
        assertThatThrownBy(() -> client(broken.baseUrl(), " ").hub().await().atMost(WAIT))
                .hasMessageContaining("reelay.hub.base-url");
    }
}
