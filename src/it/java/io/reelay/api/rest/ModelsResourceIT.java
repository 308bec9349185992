package io.reelay.api.rest;

import static io.reelay.testing.ApiKeys.asReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.testing.broker.KafkaBrokerResource;

/** The catalog over HTTP in the running service (which needs its broker to start). */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ModelsResourceIT {

    @Test
    void listsEveryModelOfBothProvidersInTheDiscoveryEnvelope() {
        asReader().when().get("/v1/models").then()
                .statusCode(200)
                .contentType("application/json")
                .body("object", equalTo("list"))
                .body("data", hasSize(51))
                .body("data.object", everyItem(equalTo("model")))
                .body("data.findAll { it.provider == 'tokenlab' }", hasSize(42))
                .body("data.findAll { it.provider == 'hub' }", hasSize(9));
    }

    @Test
    void everyKeyIsPresentInTheDocumentedOrder() {
        String body = asReader().when().get("/v1/models/sora-2").then().statusCode(200).extract().asString();

        assertThat(body).startsWith("{\"id\":\"sora-2\",\"object\":\"model\",\"provider\":\"tokenlab\","
                + "\"vendor\":\"OpenAI\",\"name\":null,\"description\":\"Retired by OpenAI in September 2026");
        assertThat(body).endsWith("\"listed\":true,\"operations\":[\"text-to-video\",\"image-to-video\"],"
                + "\"limits\":{},\"parameters\":[],\"one_of\":[],\"other_providers\":[],"
                + "\"lifecycle\":{},\"service_limits\":{},\"format\":{},"
                + "\"pricing\":{\"unit\":\"per_second\",\"currency\":\"USD\",\"per_request_usd\":null,"
                + "\"per_request_usd_by_resolution\":{},\"per_second_usd\":0.10,\"per_second_usd_by_resolution\":{},"
                + "\"audio_per_second_usd\":null,\"default_seconds\":4,\"default_audio\":false,"
                + "\"source\":\"shipped\",\"as_of\":\"2026-12-02T00:00:00Z\"}}");
    }

    @Test
    void filtersByProvider() {
        asReader().queryParam("provider", "hub").when().get("/v1/models").then()
                .statusCode(200)
                .body("data.id", contains("veo-3.1", "veo-3.1-fast", "veo-3.1-lite", "veo-3", "kling-v3-standard",
                        "kling-v3-pro", "wan-2.7", "seedance-2.0", "seedance-2.0-fast"));
        asReader().queryParam("provider", "nobody").when().get("/v1/models").then()
                .statusCode(200)
                .body("data", empty());
    }

    @Test
    void filtersByOperationAndBoth() {
        asReader().queryParam("operation", "video-to-video").when().get("/v1/models").then()
                .statusCode(200)
                .body("data.id", contains("kling-video-o1-pro", "kling-video-o1-std", "grok-imagine-upscale",
                        "topaz-video-upscale"));
        asReader().queryParam("operation", "image-to-video").when().get("/v1/models").then()
                .body("data", hasSize(35))
                .body("data.id", hasItem("sora-2-pro-storyboard"));
        asReader().queryParam("provider", "hub").queryParam("operation", "image-to-video").when().get("/v1/models")
                .then().statusCode(200).body("data", empty());
    }

    @Test
    void anUnknownOperationFilterIsABadRequest() {
        asReader().queryParam("operation", "text-to-hologram").when().get("/v1/models").then()
                .statusCode(400)
                .body("error.message", equalTo("unknown operation text-to-hologram"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("operation"));
    }

    @Test
    void whatAnErrorQuotesBackIsCutToAPrefix() {
        String operation = "x".repeat(3_000);
        String message = asReader().queryParam("operation", operation).when().get("/v1/models").then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_value"))
                .extract().path("error.message");

        // reelay.api.limits.echo-chars (200) of it, and how long it was.
        assertThat(message).isEqualTo("unknown operation " + "x".repeat(200) + "...(3000 characters)");
    }

    @Test
    void oneModelWithItsParameterRulesAndJsonTypes() {
        asReader().when().get("/v1/models/wan-2.7").then()
                .statusCode(200)
                .body("provider", equalTo("hub"))
                .body("vendor", equalTo("Alibaba"))
                .body("name", equalTo("WAN 2.7"))
                .body("operations", contains("text-to-video"))
                .body("parameters.name", hasItem("prompt"))
                .body("parameters.find { it.name == 'prompt' }.required", equalTo(true))
                .body("parameters.find { it.name == 'prompt' }.max_length", equalTo(5000))
                .body("parameters.find { it.name == 'duration' }.type", equalTo("integer"))
                .body("parameters.find { it.name == 'duration' }.default", equalTo(5))
                .body("parameters.find { it.name == 'duration' }.min", equalTo(2))
                .body("parameters.find { it.name == 'duration' }.max", equalTo(15))
                .body("parameters.find { it.name == 'duration' }.values", nullValue())
                .body("parameters.find { it.name == 'seed' }.required", equalTo(false))
                .body("parameters.find { it.name == 'enable_safety_checker' }.default", equalTo(true));
    }

    @Test
    void klingShowsItsOneOfAndStringDurations() {
        asReader().when().get("/v1/models/kling-v3-pro").then()
                .statusCode(200)
                .body("one_of", equalTo(List.of(List.of("prompt", "multi_prompt"))))
                .body("parameters.find { it.name == 'duration' }.default", equalTo("5"))
                .body("parameters.find { it.name == 'duration' }.values", hasSize(13))
                .body("parameters.find { it.name == 'cfg_scale' }.default", equalTo(0.5f));
    }

    @Test
    void tokenLabSeedanceShowsItsLimits() {
        asReader().when().get("/v1/models/seedance-2.0-fast").then()
                .statusCode(200)
                .body("listed", equalTo(false))
                .body("limits.reference_images", equalTo(9))
                .body("limits.reference_videos", equalTo(3))
                .body("limits.reference_audios", equalTo(3));
    }

    @Test
    void aSharedIdGivesTheRoutedEntryAndNamesTheOthers() {
        asReader().when().get("/v1/models/seedance-2.0").then()
                .statusCode(200)
                .body("provider", equalTo("tokenlab"))
                .body("operations", contains("reference-to-video"))
                .body("other_providers", contains("hub"));
        asReader().queryParam("provider", "hub").when().get("/v1/models/seedance-2.0").then()
                .statusCode(200)
                .body("provider", equalTo("hub"))
                .body("operations", contains("text-to-video"))
                .body("parameters.find { it.name == 'resolution' }.values", contains("480p", "720p", "1080p"))
                .body("other_providers", contains("tokenlab"));
    }

    @Test
    void anUnknownIdIsNotFoundWithAnErrorNamingIt() {
        asReader().when().get("/v1/models/veo-9").then()
                .statusCode(404)
                .contentType("application/json")
                .body("error.message", equalTo("model veo-9 is not in the catalog"))
                .body("error.type", equalTo("not_found_error"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("id"));
    }

    @Test
    void aKnownIdAtTheWrongProviderIsNotFound() {
        asReader().queryParam("provider", "hub").when().get("/v1/models/veo3.1").then()
                .statusCode(404)
                .body("error.message", equalTo("model veo3.1 is not served by provider hub"))
                .body("error.param", equalTo("provider"));
    }
}
