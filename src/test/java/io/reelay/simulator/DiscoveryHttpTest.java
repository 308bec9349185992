package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both gateways' discovery, pricing and model control over HTTP, as Reelay's catalog sync will read them. */
class DiscoveryHttpTest {

    // Generous: the first call of a JVM loads Vert.x, Jackson and the model data, slow on a loaded machine.
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TL = "/simulator/tokenlab";
    private static final String HUB = "/simulator/hub";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx));
    private String base;

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings settings = new SimulatorSettings(TL, Duration.ofSeconds(3), Map.of(),
                "https://cdn.test/videos", 100);
        SimulatorCallLog callLog = new SimulatorCallLog(50);
        Router router = Router.router(vertx);
        new TokenLabSimulator(settings, clock, callLog).mount(router);
        new HubSimulator(settings.withBasePath(HUB), clock, callLog).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void tokenLabListsItsVideoModelsCompactByDefaultAndFullOnRequest() {
        JsonObject compact = ok(get(TL + "/v1/models?category=video"));
        assertThat(compact.getString("object")).isEqualTo("list");
        JsonObject veo = entry(compact.getJsonArray("data"), "veo3.1");
        assertThat(veo.getString("object")).isEqualTo("model");
        assertThat(veo.getString("owned_by")).isEqualTo("google");
        assertThat(veo.containsKey("tokenlab")).isFalse();
        assertThat(ids(compact.getJsonArray("data"))).hasSize(43)
                .contains("seedance-2.0", "seedance-2.0-fast", "grok-imagine-video-1.5", "sora-2");

        JsonObject full = entry(ok(get(TL + "/v1/models?category=video&view=full")).getJsonArray("data"), "veo3.1");
        assertThat(full.getJsonObject("tokenlab").getJsonObject("request_format_summary").getJsonArray("durations"))
                .containsExactly(4, 6, 8);
        assertThat(ok(get(TL + "/v1/models?category=image")).getJsonArray("data")).isEmpty();
    }

    @Test
    void aTokenLabModelCarriesItsRequestFormatLimitsLifecycleAndPricing() {
        JsonObject seedance = ok(get(TL + "/v1/models/seedance-2.0"));

        JsonObject format = seedance.getJsonObject("tokenlab").getJsonObject("request_format_summary");
        assertThat(format.getJsonArray("supported_operations")).containsExactly("reference-to-video");
        assertThat(format.getJsonArray("resolutions")).containsExactly("480p", "720p", "1080p");
        assertThat(format.getJsonArray("optional_selectors"))
                .contains("duration", "resolution", "aspect_ratio", "output_audio");
        JsonObject reference = format.getJsonArray("operation_constraints").getJsonObject(0);
        assertThat(reference.getString("operation")).isEqualTo("reference-to-video");
        assertThat(reference.getJsonArray("allowed_durations")).contains(4, 15);
        assertThat(maxItems(reference, "reference_images")).isEqualTo(9);
        assertThat(maxItems(reference, "image_urls")).isEqualTo(9);
        assertThat(maxItems(reference, "video_urls")).isEqualTo(3);
        assertThat(maxItems(reference, "audio_urls")).isEqualTo(3);
        assertThat(reference.getJsonArray("required_inputs")).isEqualTo(new JsonArray()
                .add(new JsonArray().add("prompt")).add(new JsonArray().add("reference_images").add("image_urls")));
        assertThat(seedance.getJsonObject("service_limits").fieldNames())
                .containsExactlyInAnyOrder("online_rpm", "concurrency", "prompt_max_characters");
        assertThat(seedance.getJsonObject("lifecycle").getString("stage")).isEqualTo("active");
        assertThat(seedance.getJsonObject("pricing_summary").getString("billing_unit")).isEqualTo("per_second");
        assertThat(seedance.getJsonObject("pricing_summary").getBoolean("has_complex_pricing")).isTrue();

        JsonObject motion = ok(get(TL + "/v1/models/kling-3.0-motion-control")).getJsonObject("tokenlab")
                .getJsonObject("request_format_summary");
        assertThat(motion.getJsonArray("required_selectors")).containsExactly("resolution");
        assertThat(motion.getJsonArray("operation_constraints").getJsonObject(0).getJsonArray("required_inputs"))
                .isEqualTo(new JsonArray().add(new JsonArray().add("prompt")).add(new JsonArray().add("image_url"))
                        .add(new JsonArray().add("video_url")));
    }

    @Test
    void tokenLabPricesPerSecondOrPerRequest() {
        JsonObject veo = ok(get(TL + "/v1/models/veo3.1-pro/pricing"));
        assertThat(veo.getString("model")).isEqualTo("veo3.1-pro");
        assertThat(veo.getString("currency")).isEqualTo("USD");
        assertThat(usd(veo, "price_per_second_usd")).isEqualByComparingTo("0.40");
        assertThat(veo.getBoolean("lock_price_per_request")).isFalse();
        assertThat(veo.getBoolean("has_complex_pricing")).isTrue();
        assertThat(veo.getJsonArray("resolution_prices").getJsonObject(2).getMap())
                .containsEntry("resolution", "4k").containsKey("price_per_second_usd");
        assertThat(usd(veo.getJsonArray("resolution_prices").getJsonObject(2), "price_per_second_usd"))
                .isEqualByComparingTo("0.60");

        JsonObject hailuo = entry(ok(get(TL + "/v1/pricing")).getJsonArray("data"), "hailuo-2.3-pro");
        assertThat(hailuo.getString("billing_unit")).isEqualTo("per_request");
        assertThat(usd(hailuo, "price_per_request_usd")).isEqualByComparingTo("0.49");
        assertThat(hailuo.getBoolean("lock_price_per_request")).isTrue();
        assertThat(hailuo.getBoolean("has_complex_pricing")).isFalse();
    }

    @Test
    void anUnknownModelIsA404InEachGatewaysErrorShape() {
        HttpResponse<Buffer> tokenLab = get(TL + "/v1/models/veo-9");
        assertThat(tokenLab.statusCode()).isEqualTo(404);
        JsonObject error = tokenLab.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("model_not_found");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("message")).contains("veo-9");
        assertThat(get(TL + "/v1/models/veo-9/pricing").statusCode()).isEqualTo(404);

        HttpResponse<Buffer> hub = get(HUB + "/hub/v1/models/veo3.1");
        assertThat(hub.statusCode()).isEqualTo(404);
        assertThat(hub.bodyAsJsonObject().getString("error")).isEqualTo("model_not_found");
    }

    @Test
    void theHubListsItsModelsAndServesEachInputSchema() {
        JsonArray all = ok(get(HUB + "/hub/v1/models")).getJsonArray("data");
        assertThat(ids(all)).containsExactly("veo-3.1", "veo-3.1-fast", "veo-3.1-lite", "veo-3", "kling-v3-standard",
                "kling-v3-pro", "wan-2.7", "seedance-2.0", "seedance-2.0-fast");
        assertThat(ok(get(HUB + "/hub/v1/models?capability=text-to-video")).getJsonArray("data")).hasSize(9);
        assertThat(ok(get(HUB + "/hub/v1/models?capability=image-to-video")).getJsonArray("data")).isEmpty();

        JsonObject wan = ok(get(HUB + "/hub/v1/models/wan-2.7"));
        JsonObject schema = wan.getJsonObject("input_schema");
        assertThat(schema.getString("type")).isEqualTo("object");
        assertThat(schema.getJsonArray("required")).containsExactly("prompt");
        JsonObject duration = schema.getJsonObject("properties").getJsonObject("duration");
        assertThat(duration.getString("type")).isEqualTo("integer");
        assertThat(duration.getInteger("default")).isEqualTo(5);
        assertThat(duration.getInteger("minimum")).isEqualTo(2);
        assertThat(duration.getInteger("maximum")).isEqualTo(15);
        assertThat(schema.getJsonObject("properties").getJsonObject("prompt").getInteger("maxLength")).isEqualTo(5000);
        assertThat(wan.getJsonObject("pricing").getString("charged_on")).isEqualTo("completed");
    }

    @Test
    void aModelRetiredMidRunIsRefusedAtSubmitWhileItsRunningTaskStillCompletes() {
        HttpResponse<Buffer> submitted = post(TL + "/v1/videos/generations",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"a cat\"}");
        assertThat(submitted.statusCode()).isEqualTo(200);
        String running = submitted.bodyAsJsonObject().getString("id");

        JsonObject retired = ok(patch(TL + "/_models/veo3.1-fast",
                "{\"lifecycle\":{\"retired_at\":\"now\",\"replacement_model\":\"veo3.1\"}}"));
        assertThat(retired.getJsonObject("lifecycle").getString("stage")).isEqualTo("retired");
        assertThat(retired.getJsonObject("lifecycle").getString("retired_at")).isEqualTo(clock.instant().toString());
        assertThat(entry(ok(get(TL + "/v1/models")).getJsonArray("data"), "veo3.1-fast")
                .getJsonObject("lifecycle").getString("replacement_model")).isEqualTo("veo3.1");

        HttpResponse<Buffer> refused = post(TL + "/v1/videos/generations",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"a dog\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("model_retired");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("param")).isEqualTo("model");
        assertThat(error.getString("replacement_model")).isEqualTo("veo3.1");
        assertThat(post(TL + "/v1/videos/generations", "{\"model\":\"veo3.1\",\"prompt\":\"a dog\"}").statusCode())
                .isEqualTo(200);

        clock.advance(Duration.ofSeconds(3));
        assertThat(ok(get(TL + "/v1/tasks/" + running)).getString("status")).isEqualTo("completed");

        assertThat(client.deleteAbs(base + TL + "/_models").send().await().atMost(WAIT).statusCode()).isEqualTo(204);
        assertThat(post(TL + "/v1/videos/generations", "{\"model\":\"veo3.1-fast\",\"prompt\":\"a\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theSoraTwoModelsRetireWhenTheClockPassesTheirDate() {
        assertThat(post(TL + "/v1/videos/generations", "{\"model\":\"sora-2\",\"prompt\":\"a cat\"}").statusCode())
                .isEqualTo(200);

        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-12-02T12:00:00Z")));
        HttpResponse<Buffer> refused = post(TL + "/v1/videos/generations", "{\"model\":\"sora-2\",\"prompt\":\"a\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("model_retired");
        assertThat(ok(get(TL + "/v1/models/sora-2")).getJsonObject("lifecycle").getString("stage"))
                .isEqualTo("retired");
    }

    @Test
    void retiringTheHubsSeedanceLeavesTokenLabsSeedanceOfTheSameIdAlone() {
        ok(patch(HUB + "/_models/seedance-2.0", "{\"lifecycle\":{\"retired_at\":\"now\"}}"));

        HttpResponse<Buffer> refused = post(HUB + "/hub/v1/video",
                "{\"model\":\"seedance-2.0\",\"input\":{\"prompt\":\"a\"}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("error_code")).isEqualTo("model_retired");
        assertThat(ok(get(HUB + "/hub/v1/models/seedance-2.0")).getString("status")).isEqualTo("retired");
        assertThat(ok(get(TL + "/v1/models/seedance-2.0")).getJsonObject("lifecycle").getString("stage"))
                .isEqualTo("active");
        assertThat(post(TL + "/v1/videos/generations", "{\"model\":\"seedance-2.0\",\"prompt\":\"a\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aPriceOrAServiceLimitChangedWhileRunningIsWhatDiscoveryServesNext() {
        ok(patch(TL + "/_models/veo3.1", "{\"price\":{\"usd\":0.55},\"service_limits\":{\"online_rpm\":5}}"));

        assertThat(usd(ok(get(TL + "/v1/models/veo3.1/pricing")), "price_per_second_usd"))
                .isEqualByComparingTo("0.55");
        JsonObject limits = ok(get(TL + "/v1/models/veo3.1")).getJsonObject("service_limits");
        assertThat(limits.getInteger("online_rpm")).isEqualTo(5);
        assertThat(limits.getInteger("concurrency")).isEqualTo(20);

        ok(patch(TL + "/_models/veo3.1", "{\"price\":{\"unit\":\"per_request\",\"usd\":2.5}}"));
        JsonObject perRequest = ok(get(TL + "/v1/models/veo3.1/pricing"));
        assertThat(perRequest.getString("billing_unit")).isEqualTo("per_request");
        assertThat(perRequest.getBoolean("lock_price_per_request")).isTrue();

        ok(patch(HUB + "/_models/wan-2.7", "{\"price\":{\"usd\":\"0.2\"}}"));
        assertThat(usd(ok(get(HUB + "/hub/v1/models/wan-2.7")).getJsonObject("pricing")
                , "price_per_second_usd")).isEqualByComparingTo("0.2");
    }

    @Test
    void aControlCallItCannotApplyIsRefusedAndChangesNothing() {
        assertThat(patch(TL + "/_models/veo3.1", "{\"lifecycle\":{\"retired_at\":\"tomorrow\"}}").statusCode())
                .isEqualTo(400);
        assertThat(patch(TL + "/_models/veo3.1", "{\"retire\":true}").statusCode()).isEqualTo(400);
        assertThat(patch(TL + "/_models/veo3.1", "{\"service_limits\":{\"online_rpm\":0}}").statusCode())
                .isEqualTo(400);
        assertThat(patch(HUB + "/_models/wan-2.7", "{\"service_limits\":{\"online_rpm\":5}}").statusCode())
                .isEqualTo(400);
        assertThat(patch(TL + "/_models/veo-9", "{\"lifecycle\":{\"retired_at\":\"now\"}}").statusCode())
                .isEqualTo(404);
        assertThat(ok(get(TL + "/v1/models/veo3.1")).getJsonObject("lifecycle").getString("stage"))
                .isEqualTo("active");
        assertThat(ok(get(TL + "/v1/models/veo3.1")).getJsonObject("service_limits").getInteger("online_rpm"))
                .isEqualTo(120);
    }

    @Test
    void anOperationAddedToAModelIsWhatDiscoveryListsAndSubmitsTake() {
        String audio = "{\"model\":\"veo3.1\",\"operation\":\"audio-to-video\",\"prompt\":\"a choir\","
                + "\"audio_url\":\"https://example.com/a.mp3\"}";
        HttpResponse<Buffer> refused = post(TL + "/v1/videos/generations", audio);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("unsupported_operation");
        assertThat(error.getString("param")).isEqualTo("operation");
        assertThat(error.getJsonArray("supported_operations")).containsExactly("text-to-video", "image-to-video",
                "reference-to-video", "start-end-to-video");

        JsonObject changed = ok(patch(TL + "/_models/veo3.1", "{\"operations\":{\"add\":[\"audio-to-video\"]}}"));

        JsonObject format = changed.getJsonObject("tokenlab").getJsonObject("request_format_summary");
        assertThat(format.getJsonArray("supported_operations")).contains("audio-to-video");
        JsonObject constraint = format.getJsonArray("operation_constraints").stream().map(JsonObject.class::cast)
                .filter(c -> "audio-to-video".equals(c.getString("operation"))).findFirst().orElseThrow();
        assertThat(constraint.getJsonArray("required_inputs")).contains(new JsonArray().add("audio_url"));
        assertThat(ok(get(TL + "/v1/models/veo3.1")).getJsonObject("tokenlab").getJsonObject("request_format_summary")
                .getJsonArray("supported_operations")).contains("audio-to-video");
        assertThat(post(TL + "/v1/videos/generations", audio).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> noAudio = post(TL + "/v1/videos/generations",
                "{\"model\":\"veo3.1\",\"operation\":\"audio-to-video\",\"prompt\":\"a choir\"}");
        assertThat(noAudio.statusCode()).isEqualTo(400);
        assertThat(noAudio.bodyAsJsonObject().getJsonObject("error").getString("param")).isEqualTo("audio_url");
        // video-extension stays refused on veo3.1: only what the entry lists is taken
        assertThat(post(TL + "/v1/videos/generations", "{\"model\":\"veo3.1\",\"operation\":\"video-extension\","
                + "\"prompt\":\"on\",\"video_url\":\"https://example.com/a.mp4\"}").statusCode()).isEqualTo(400);

        ok(patch(TL + "/_models/veo3.1", "{\"operations\":{\"remove\":[\"audio-to-video\"]}}"));
        assertThat(post(TL + "/v1/videos/generations", audio).statusCode()).isEqualTo(400);
        assertThat(patch(TL + "/_models/veo3.1", "{\"operations\":{\"add\":[\"dream-to-video\"]}}").statusCode())
                .isEqualTo(400);
        assertThat(patch(TL + "/_models/topaz-video-upscale", "{\"operations\":{\"remove\":[\"video-to-video\"]}}")
                .statusCode()).isEqualTo(400);
        assertThat(patch(HUB + "/_models/wan-2.7", "{\"operations\":{\"add\":[\"audio-to-video\"]}}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aSubmitNamesTheBillingTransactionThatItsTaskReports() {
        HttpResponse<Buffer> submitted = post(TL + "/v1/videos/generations",
                "{\"model\":\"veo3.1\",\"prompt\":\"a cat\"}");
        String transaction = submitted.getHeader("X-Billing-Transaction-ID");

        assertThat(transaction).startsWith("bill_");
        assertThat(ok(get(TL + "/v1/tasks/" + submitted.bodyAsJsonObject().getString("id")))
                .getString("billing_transaction_id")).isEqualTo(transaction);
    }

    private static JsonObject entry(JsonArray data, String id) {
        return data.stream().map(JsonObject.class::cast)
                .filter(e -> id.equals(e.getString("id")) || id.equals(e.getString("model")))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + id + " in " + data));
    }

    private static BigDecimal usd(JsonObject json, String field) {
        return new BigDecimal(json.getValue(field).toString());
    }

    private static List<String> ids(JsonArray data) {
        return data.stream().map(JsonObject.class::cast).map(e -> e.getString("id")).toList();
    }

    private static int maxItems(JsonObject constraint, String input) {
        return constraint.getJsonArray("documented_inputs").stream().map(JsonObject.class::cast)
                .filter(i -> input.equals(i.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no input " + input)).getInteger("max_items");
    }

    private static JsonObject ok(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private HttpResponse<Buffer> get(String path) {
        return client.getAbs(base + path).send().await().atMost(WAIT);
    }

    private HttpResponse<Buffer> post(String path, String body) {
        return client.postAbs(base + path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await().atMost(WAIT);
    }

    private HttpResponse<Buffer> patch(String path, String body) {
        return client.patchAbs(base + path).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body)).await().atMost(WAIT);
    }
}
