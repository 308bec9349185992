package io.reelay.api.rest;

import static io.reelay.testing.ApiKeys.asReader;
import static io.reelay.testing.ApiKeys.asWriter;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.config.ReelayConfig;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.EventSerdes;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.process.SimulatorResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * POST /v1/requests/estimate: a submit's checks and admission's estimate, with nothing published or sent upstream.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class RequestEstimateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The writer key's client: the tenant of what it posts. */
    private static final String WRITER = "test-writer";

    @Inject
    RequestValidator validator;
    @Inject
    ReelayConfig config;

    @Test
    void aValidRequestIsEstimatedAsAdmissionThenReservesItAndNothingIsPublished() {
        String id = "api-estimate-" + UUID.randomUUID();
        String body = "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1-fast\",\"prompt\":\"A lighthouse at dawn\"}";

        JsonPath estimate = asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests/estimate")
                .then().statusCode(200)
                .body("object", equalTo("estimate"))
                .body("provider", equalTo("tokenlab"))
                .body("operation", equalTo("text-to-video"))
                .body("tenant", equalTo(WRITER))
                .body("priority", equalTo(3))
                .body("pricing.source", equalTo("shipped"))
                .body("pricing.as_of", notNullValue())
                .extract().jsonPath();
        // 8 s (the model's default length) at 0.15 USD a second, from the shipped catalog.
        assertThat(estimate.getString("estimated_cost_usd")).isEqualTo("1.2");

        // Nothing was published: the id is still free, and no upstream call was made for it.
        given().get(SimulatorResource.callsUrl()).then().statusCode(200)
                .body("submitsByRequestId.'" + id + "'", org.hamcrest.Matchers.nullValue());
        asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests").then().statusCode(202);
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> {
            Response status = asWriter().get("/v1/requests/" + id);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.jsonPath().getString("estimated_cost_usd"))
                    .as("what admission reserved").isEqualTo(estimate.getString("estimated_cost_usd"));
        });
    }

    @Test
    void aRequestASubmitRefusesIsRefusedWithTheSameAnswer() throws Exception {
        List<String> bodies = List.of(
                "{\"model\":\"veo3.1-fast\"}",
                "{\"model\":\"no-such-model\",\"prompt\":\"x\"}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"duration\":\"eight\"}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"operation\":\"no-such-operation\"}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"tenant\":\"somebody-else\"}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"metadata\":{\"reelay:owner\":\"me\"}}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"priority\":9}",
                "{\"model\":\"veo3.1-fast\",\"prompt\":",
                "[]");
        for (String body : bodies) {
            Response submit = asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests");
            Response estimate = asWriter().contentType(ContentType.JSON).body(body).post("/v1/requests/estimate");

            assertThat(estimate.statusCode()).as(body).isEqualTo(400).isEqualTo(submit.statusCode());
            assertThat(JSON.readTree(estimate.asString())).as(body).isEqualTo(JSON.readTree(submit.asString()));
        }
        asWriter().contentType(ContentType.JSON).body("{\"model\":\"veo3.1-fast\"}").post("/v1/requests/estimate")
                .then().body("error.type", equalTo("invalid_request_error"))
                .body("error.validation_errors.field", hasItem("prompt"));
    }

    @Test
    void aReadKeyMayEstimateButNotSubmitAndNoKeyMayDoNeither() {
        String body = "{\"model\":\"veo3.1-fast\",\"prompt\":\"A kite\"}";
        asReader().contentType(ContentType.JSON).body(body).post("/v1/requests/estimate").then().statusCode(200)
                .body("tenant", equalTo("test-reader"));
        asReader().contentType(ContentType.JSON).body(body).post("/v1/requests").then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/v1/requests/estimate").then().statusCode(401);
    }

    /**
     * Thousands of bodies, from plausible to hostile: each is a bounded 400 (the same one a submit gives, for a
     * sample), or a 200 whose estimate is exactly the one the tracker's admission computes for the same bytes.
     * Never anything else. Sampled outside a jqwik property: the app under test runs in a Jupiter @QuarkusTest.
     */
    @Test
    void anyBodyIsABounded400OrTheEstimateAdmissionWouldReserve() throws Exception {
        List<String> bodies = bodies().sampleStream().limit(3000).toList();
        RequestIntake admission = new RequestIntake(validator, EventSerdes.singleObject(), Tenancy.of(config));
        List<String> failures = new ArrayList<>();
        int valid = 0;
        for (int n = 0; n < bodies.size() && failures.size() < 10; n++) {
            String body = bodies.get(n);
            Response answer = asWriter().contentType("application/json; charset=UTF-8")
                    .body(body.getBytes(StandardCharsets.UTF_8)).post("/v1/requests/estimate");
            int status = answer.statusCode();
            String text = answer.asString();
            String seen = status + " for " + Echo.cap(body, 300) + " -> " + Echo.cap(text, 300);
            if (status != 200 && status != 400 || text.length() > 16 * 1024) {
                failures.add(seen);
            } else if (status == 400) {
                if (!"invalid_request_error".equals(answer.jsonPath().getString("error.type"))) {
                    failures.add(seen);
                } else if (n % 5 == 0) {
                    Response submit = asWriter().contentType("application/json; charset=UTF-8")
                            .body(body.getBytes(StandardCharsets.UTF_8)).post("/v1/requests");
                    if (submit.statusCode() != 400 || !JSON.readTree(submit.asString()).equals(JSON.readTree(text))) {
                        failures.add("a submit answered otherwise: " + seen + " / " + Echo.cap(submit.asString(), 300));
                    }
                }
            } else {
                valid++;
                String expected = admitted(admission, body);
                String answered = answer.jsonPath().getString("estimated_cost_usd");
                if (expected == null ? answered != null
                        : answered == null || new BigDecimal(answered).compareTo(new BigDecimal(expected)) != 0) {
                    failures.add("admission estimates " + expected + ": " + seen);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(valid).as("valid bodies among them, to compare with admission").isGreaterThan(150);
    }

    /** What the tracker's admission estimates for these bytes posted by the writer key (null: no estimate). */
    private String admitted(RequestIntake admission, String body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        // The key the API publishes it under: its request_id, or one generated when it has none (or a blank one).
        String key = "e-" + UUID.randomUUID();
        try {
            String named = JSON.readTree(body).path("request_id").asText("");
            key = named.isBlank() ? key : named;
        } catch (Exception e) {
            // not JSON: the API refused it already
        }
        RequestIntake.Outcome outcome = admission.owned(admission.read(key, body.getBytes(StandardCharsets.UTF_8),
                headers, Instant.now()), WRITER);
        assertThat(outcome).as("admission accepts what the dry run did: %s", body)
                .isInstanceOf(RequestIntake.Accepted.class);
        return ((RequestIntake.Accepted) outcome).validation().estimatedCost().map(BigDecimal::toPlainString)
                .orElse(null);
    }

    private static Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, structured()),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(400)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("{", "null", "[]", "{\"model\":" + "[".repeat(5000),
                        "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"duration\":1e999999999}", "\u0000", "{}")));
    }

    /** A JSON object of the request's fields, each absent, plausible or hostile. */
    private static Arbitrary<String> structured() {
        Arbitrary<Object> model = mostly(Arbitraries.of("veo3.1-fast", "veo3.1", "kling-v3.0-std", "seedance-2.0",
                "kling-3.0-video", "sora-2", "veo3.1-pro", "hailuo-2.3-fast"));
        Arbitrary<Object> prompt = mostly(Arbitraries.of("A paper boat on a river", "<img src=x onerror=alert(1)>"));
        Arbitrary<Object> duration = Arbitraries.oneOf(Arbitraries.integers().between(-2, 30).map(i -> (Object) i),
                Arbitraries.of(4, 5, 6, 8, 10, 12, "8", "8s", 8.5, Long.MAX_VALUE, true));
        Arbitrary<Object> resolution = mostly(Arbitraries.of("720p", "1080p", "480p", "4k"));
        Arbitrary<Object> aspect = mostly(Arbitraries.of("16:9", "9:16", "1:1"));
        Arbitrary<Object> audio = Arbitraries.of(true, false, true, false, "yes", 1);
        Arbitrary<Object> priority = Arbitraries.oneOf(Arbitraries.integers().between(-1, 7).map(i -> (Object) i),
                Arbitraries.of("1", 2.5));
        Arbitrary<Object> tenant = mostly(Arbitraries.of(WRITER, WRITER, "acme"));
        Arbitrary<Object> metadata = Arbitraries.oneOf(Arbitraries.maps(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().ofMaxLength(40)).ofMaxSize(4).map(m -> (Object) m),
                Arbitraries.of(Map.of("reelay:owner", "x"), "not a map"));
        Arbitrary<Object> parameters = Arbitraries.oneOf(Arbitraries.of(Map.of("seed", "42"),
                Map.of("generate_audio", "true"), Map.of("duration", "\"8s\"")), hostile());
        Arbitrary<Object> url = Arbitraries.oneOf(Arbitraries.of("https://img.example/a.png",
                "http://169.254.169.254/latest", "data:image/png;base64,AAAA"), hostile());
        Arbitrary<Object> operation = Arbitraries.oneOf(Arbitraries.of("text-to-video", "image-to-video"), hostile());
        Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
                .map(s -> (Object) ("e-" + s)), hostile());
        List<String> names = List.of("model", "prompt", "duration", "resolution", "aspect_ratio", "output_audio",
                "priority", "tenant", "metadata", "parameters", "image_url", "operation", "request_id");
        List<Arbitrary<Object>> values = List.of(model, prompt, duration, resolution, aspect, audio, priority, tenant,
                metadata, parameters, url, operation, id);
        // Model and prompt present most of the time, the others now and then: many bodies are valid.
        List<Arbitrary<Object>> present = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            present.add(values.get(i).injectNull(i < 2 ? 0.05 : i < 5 ? 0.5 : 0.85));
        }
        return Combinators.combine(present).as(chosen -> {
            Map<String, Object> body = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (chosen.get(i) != null) {
                    body.put(names.get(i), chosen.get(i));
                }
            }
            try {
                return JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One of {@code plausible} four times in five, else anything. */
    private static Arbitrary<Object> mostly(Arbitrary<?> plausible) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, plausible.map(o -> (Object) o)),
                net.jqwik.api.Tuple.of(1, hostile()));
    }

    private static Arbitrary<Object> hostile() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(3000).ofMaxLength(6000),
                Arbitraries.of("<script>alert(1)</script>", "", " ", "\u0000", "\uD800", "null"),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(List.of(1, 2), Map.of("a", List.of()))
                        .map(o -> (Object) o))
                .map(o -> (Object) o);
    }
}
