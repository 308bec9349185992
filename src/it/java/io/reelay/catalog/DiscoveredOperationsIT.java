package io.reelay.catalog;

import static io.reelay.testing.ApiKeys.asReader;
import static io.reelay.testing.ApiKeys.asWriter;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.process.SimulatorResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * TokenLab's model-specific operations and request format as its discovery states them, over real HTTP against the
 * simulator and shared through video.catalog on a real broker: an {@code audio_url} is refused on a model whose entry
 * offers no audio-to-video (naming what it offers) until the upstream's discovery lists the operation, then the same
 * request is admitted, submitted once and completes; a duration the discovered format does not list is refused
 * before anything is paid.
 */
@QuarkusTest
@TestProfile(DiscoveredOperationsIT.SyncOn.class)
@WithTestResource(KafkaBrokerResource.class)
class DiscoveredOperationsIT {

    private static final String MODEL = "veo3.1";
    private static final Duration WITHIN = Duration.ofSeconds(120);

    /** Sync on, every second, so a change of the upstream's discovery reaches the catalog soon. */
    public static class SyncOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelay.catalog.sync.enabled", "true",
                    "reelay.catalog.sync.interval", "PT1S",
                    "reelay.catalog.sync.startup-wait", "PT15S");
        }
    }

    @AfterAll
    static void restoreTheSimulatorsModels() {
        // The simulator is shared by every test of this JVM: put its models back as shipped.
        given().delete(tokenLab() + "/_models").then().statusCode(204);
    }

    @Test
    void audioToVideoIsTakenOnceTheUpstreamsDiscoveryOffersIt() {
        // The simulator's discovery states veo3.1's format (4, 6 or 8 seconds); the shipped file states none.
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> asReader().get("/v1/models/" + MODEL).then()
                .statusCode(200).body("format.durations", Matchers.contains(4, 6, 8)));
        Response fiveSeconds = post("""
                {"request_id": "disc-duration-%s", "model": "%s", "operation": "text-to-video",
                 "prompt": "A lighthouse at dawn", "duration": 5}
                """.formatted(UUID.randomUUID(), MODEL));
        assertThat(fiveSeconds.statusCode()).as(fiveSeconds.asString()).isEqualTo(400);
        assertThat(fiveSeconds.jsonPath().getString("error.validation_errors[0].field")).isEqualTo("duration");
        assertThat(fiveSeconds.jsonPath().getString("error.validation_errors[0].code")).isEqualTo("invalid_value");
        assertThat(fiveSeconds.jsonPath().getList("error.validation_errors[0].allowed"))
                .containsExactly("4", "6", "8");

        Response refused = post(request("disc-audio-before-" + UUID.randomUUID()));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        JsonPath error = refused.jsonPath();
        assertThat(error.getString("error.validation_errors[0].code")).isEqualTo("unsupported_operation");
        assertThat(error.getString("error.validation_errors[0].message")).contains("audio-to-video");
        assertThat(error.getList("error.validation_errors[0].allowed")).containsExactly("text-to-video",
                "image-to-video", "reference-to-video", "start-end-to-video");

        given().contentType(ContentType.JSON).body("{\"operations\": {\"add\": [\"audio-to-video\"]}}")
                .patch(tokenLab() + "/_models/" + MODEL).then().statusCode(200);
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> asReader().get("/v1/models/" + MODEL).then()
                .statusCode(200).body("operations", Matchers.hasItem("audio-to-video")));

        String id = "disc-audio-" + UUID.randomUUID();
        Response admitted = post(request(id));
        assertThat(admitted.statusCode()).as(admitted.asString()).isEqualTo(202);
        JsonPath done = awaitStatus(id, "completed", WITHIN);
        assertThat(done.getString("operation")).isEqualTo("audio-to-video");
        assertThat(done.getString("videos[0].url")).contains("/simulator/files/");
        given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .body("submitsByRequestId.'" + id + "'", Matchers.equalTo(1));

        // The upstream withdraws it: the catalog follows, so later test classes see the shipped operations again.
        given().delete(tokenLab() + "/_models").then().statusCode(204);
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> asReader().get("/v1/models/" + MODEL).then()
                .statusCode(200).body("operations", Matchers.not(Matchers.hasItem("audio-to-video"))));
    }

    private static Response post(String body) {
        return asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests");
    }

    private static String request(String id) {
        return """
                {"request_id": "%s", "model": "%s", "prompt": "A choir singing at dusk",
                 "audio_url": "https://example.com/choir.mp3"}
                """.formatted(id, MODEL).strip();
    }

    private static JsonPath awaitStatus(String id, String status, Duration within) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Response response = asWriter().get("/v1/requests/" + id);
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 404);
            assertThat(response.jsonPath().getString("status")).as(response.asString()).isEqualTo(status);
            last[0] = response.jsonPath();
        });
        return last[0];
    }

    private static String tokenLab() {
        return ConfigProvider.getConfig().getValue("reelay.tokenlab.base-url", String.class);
    }
}
