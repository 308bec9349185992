package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelay.testing.process.SimulatorProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator as a process of its own, as the demo, dev mode and the {@code @QuarkusTest}s run it. */
class SimulatorMainIT {

    @TempDir
    Path dir;

    @Test
    void servesBothApisAndOneCallLogOnItsOwnPortWithTheGivenSettings() throws Exception {
        try (SimulatorProcess simulator = SimulatorProcess.start(List.of("--default-duration=PT1H",
                "--model-durations.\"veo3.1\"=PT0.2S"), dir.resolve("simulator.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            JsonObject task = new JsonObject(send(http, post(simulator.tokenLabBaseUrl() + "/v1/videos/generations",
                    "{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}")).body());
            send(http, post(simulator.hubBaseUrl() + "/hub/v1/video",
                    "{\"model\":\"wan-2.7\",\"input\":{\"prompt\":\"a dog\"}}"));

            // veo3.1 runs 0.2 s here (the default would be an hour): it completes within seconds.
            HttpRequest poll = HttpRequest.newBuilder(
                    URI.create(simulator.tokenLabBaseUrl() + task.getString("poll_url"))).build();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    new JsonObject(send(http, poll).body()).getString("status")).isEqualTo("completed"));
            JsonObject calls = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(simulator.callsUrl()))
                    .build()).body());
            assertThat(calls.getJsonObject("submitsByRequestId").getMap()).containsEntry("req-sim-main", 2);
        }
    }

    @Test
    void servesBothGatewaysDiscoveryFromItsShippedModelData() throws Exception {
        try (SimulatorProcess simulator = SimulatorProcess.start(List.of(), dir.resolve("simulator.log"))) {
            HttpClient http = HttpClient.newHttpClient();
            JsonObject models = new JsonObject(send(http, HttpRequest.newBuilder(
                    URI.create(simulator.tokenLabBaseUrl() + "/v1/models?category=video&view=full")).build()).body());
            JsonObject hub = new JsonObject(send(http, HttpRequest.newBuilder(
                    URI.create(simulator.hubBaseUrl() + "/hub/v1/models/seedance-2.0")).build()).body());

            assertThat(models.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")))
                    .contains("veo3.1", "seedance-2.0", "grok-imagine-video-1.5");
            assertThat(hub.getJsonObject("input_schema").getJsonArray("required")).containsExactly("prompt");
        }
    }

    @Test
    void anUnknownOrUnreadableSettingIsRefusedByName() {
        assertThatThrownBy(() -> SimulatorMain.config("--chaos.rate-limitd=0.1"))
                .hasMessageContaining("simulator.chaos.rate-limitd");
        assertThatThrownBy(() -> SimulatorMain.config("--port=eighty")).hasMessageContaining("simulator.port");
        assertThatThrownBy(() -> SimulatorMain.config("port=80")).hasMessageContaining("--key=value");
        assertThat(SimulatorMain.config("--port=0", "--hub-base-path=/hub-here").hubBasePath()).isEqualTo("/hub-here");
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-Request-Id", "req-sim-main")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(200);
        return response;
    }
}
