package io.reelay.catalog;

import static io.reelay.testing.ApiKeys.asReader;
import static io.reelay.testing.ApiKeys.asWriter;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelay.catalog.sync.LiveCatalog;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Catalog sync against the simulator's discovery endpoints over real HTTP, shared through video.catalog on a real
 * broker: the catalog the service validates by follows the upstream, a model the upstream retires while a request
 * for it runs refuses new requests (model_retired, naming the replacement) while the running one completes, and a
 * price the upstream changes is what /v1/models shows and the next estimate uses.
 *
 * <p>What these tests publish on the compacted video.catalog (retirements, prices) would be read by every later
 * instance on the same broker, so this class always has a broker of its own ({@link KafkaBrokerResource#OWN_BROKER}),
 * stopped with it; the simulator, shared by the JVM, gets its models back after the class.
 */
@QuarkusTest
@TestProfile(CatalogSyncIT.SyncOn.class)
@WithTestResource(value = KafkaBrokerResource.class,
        initArgs = @ResourceArg(name = KafkaBrokerResource.OWN_BROKER, value = "true"))
class CatalogSyncIT {

    /** kling-v3.0-std runs 60 s in the test simulator: long enough to be retired while it runs. */
    private static final String SLOW_MODEL = "kling-v3.0-std";
    private static final String REPLACEMENT = "kling-v3.0-pro";
    private static final Duration WITHIN = Duration.ofSeconds(120);
    /** Priced per second on TokenLab alone. */
    private static final String PRICED = "veo3";

    /** Sync on, every second, so the test sees a retirement soon after the upstream makes it. */
    public static class SyncOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelay.catalog.sync.enabled", "true",
                    "reelay.catalog.sync.interval", "PT1S",
                    "reelay.catalog.sync.startup-wait", "PT15S");
        }
    }

    @Inject
    LiveCatalog live;

    @AfterAll
    static void restoreTheSimulatorsModels() {
        // The simulator is shared by every test of this JVM: put its models back as shipped.
        given().delete(tokenLab() + "/_models").then().statusCode(204);
    }

    @Test
    void theCatalogFollowsTheUpstreamsDiscoveryFromStartUp() {
        // The simulator's TokenLab retired Sora 2 in September 2026, naming veo3.1 instead; the shipped file does not say so.
        assertThat(live.shipped().find("tokenlab", "sora-2").orElseThrow().lifecycle().retiredAt()).isNull();
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> asReader().get("/v1/models/sora-2").then()
                .statusCode(200)
                .body("lifecycle.replacement_model", org.hamcrest.Matchers.equalTo("veo3.1"))
                .body("service_limits.concurrency", org.hamcrest.Matchers.notNullValue()));

        Response refused = post(request("sync-sora-" + UUID.randomUUID(), "sora-2"));

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        JsonPath error = refused.jsonPath();
        assertThat(error.getString("error.validation_errors[0].code")).isEqualTo("model_retired");
        assertThat(error.getList("error.validation_errors[0].allowed")).containsExactly("veo3.1");
        // The hub's parameter tables came through too.
        asReader().get("/v1/models/wan-2.7?provider=hub").then().statusCode(200)
                .body("parameters.name", org.hamcrest.Matchers.hasItem("duration"));
    }

    @Test
    void aModelRetiredWhileARequestRunsRefusesNewOnesAndTheRunningOneCompletes() {
        String running = "sync-running-" + UUID.randomUUID();
        assertThat(post(request(running, SLOW_MODEL)).statusCode()).isEqualTo(202);
        awaitStatus(running, "in_progress", WITHIN);

        given().contentType(ContentType.JSON)
                .body("{\"lifecycle\": {\"retired_at\": \"now\", \"replacement_model\": \"" + REPLACEMENT + "\"}}")
                .patch(tokenLab() + "/_models/" + SLOW_MODEL).then().statusCode(200);

        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Response refused = post(request("sync-new-" + UUID.randomUUID(), SLOW_MODEL));
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error.validation_errors[0].code")).isEqualTo("model_retired");
            assertThat(refused.jsonPath().getList("error.validation_errors[0].allowed")).containsExactly(REPLACEMENT);
        });
        asReader().get("/v1/models/" + SLOW_MODEL).then().statusCode(200)
                .body("lifecycle.stage", org.hamcrest.Matchers.equalTo("retired"));

        // Admitted and paid for before the retirement: it runs to its end.
        JsonPath done = awaitStatus(running, "completed", WITHIN);
        assertThat(done.getString("model")).isEqualTo(SLOW_MODEL);
        assertThat(done.getString("videos[0].url")).contains("/simulator/files/");
        // The replacement takes the new requests.
        assertThat(post(request("sync-replacement-" + UUID.randomUUID(), REPLACEMENT)).statusCode()).isEqualTo(202);
    }

    @Test
    void aPriceTheUpstreamChangesIsShownAndIsWhatTheNextEstimateUses() {
        // veo3 ships at 0.40 USD a second; the simulator's TokenLab now asks 0.55.
        given().contentType(ContentType.JSON).body("{\"price\": {\"usd\": 0.55}}")
                .patch(tokenLab() + "/_models/" + PRICED).then().statusCode(200);

        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonPath model = asReader().get("/v1/models/" + PRICED).then().statusCode(200).extract().jsonPath();
            assertThat(model.getString("pricing.source")).isEqualTo("discovery");
            assertThat(new BigDecimal(model.getString("pricing.per_second_usd"))).isEqualByComparingTo("0.55");
        });
        JsonPath model = asReader().get("/v1/models/" + PRICED).then().extract().jsonPath();
        assertThat(model.getString("pricing.unit")).isEqualTo("per_second");
        assertThat(model.getString("pricing.as_of")).isNotBlank();

        String id = "sync-priced-" + UUID.randomUUID();
        Response admitted = post("""
                {"request_id": "%s", "model": "%s", "operation": "text-to-video", "prompt": "A lighthouse at dawn",
                 "duration": 8}
                """.formatted(id, PRICED));
        assertThat(admitted.statusCode()).as(admitted.asString()).isEqualTo(202);
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Response state = asWriter().get("/v1/requests/" + id);
            assertThat(state.statusCode()).as(state.asString()).isEqualTo(200);
            assertThat(state.jsonPath().getString("estimated_cost_usd")).as(state.asString()).isNotNull();
            assertThat(new BigDecimal(state.jsonPath().getString("estimated_cost_usd")))
                    .as("8 s at the discovered 0.55, not the shipped 0.40").isEqualByComparingTo("4.40");
        });
        // The hub's discovery carries prices too (the simulator's, in TokenLab's names).
        asReader().get("/v1/models/veo-3.1?provider=hub").then().statusCode(200)
                .body("pricing.source", org.hamcrest.Matchers.equalTo("discovery"));
    }

    private static Response post(String body) {
        return asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests");
    }

    private static String request(String id, String model) {
        return """
                {"request_id": "%s", "model": "%s", "operation": "text-to-video", "prompt": "A lighthouse at dawn"}
                """.formatted(id, model);
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
