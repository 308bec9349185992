package io.reelay.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.api.security.Caller;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.kafka.EventSerdes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The dry run's answer for any body, without a server: a 400 in the API's envelope, bounded, or the estimate the
 * tracker's admission computes from the same bytes posted by the same client. Never an exception (a 500).
 */
class EstimatePropertiesTest {

    private static final ReelayConfig SETTINGS = TestConfig.defaults()
            .with("reelay.api.auth.clients.acme.key", "acme-key").build();
    private static final RequestValidator VALIDATOR = new RequestValidator(ModelCatalog.load(), SETTINGS.validation());
    private static final SubmitChecks CHECKS = new SubmitChecks(VALIDATOR, SETTINGS, java.time.Clock.systemUTC());
    private static final RequestIntake ADMISSION = new RequestIntake(VALIDATOR, EventSerdes.singleObject(),
            Tenancy.of(SETTINGS));
    private static final Caller ACME = new Caller("acme", ReelayConfig.Api.Access.read, false);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Property(tries = 5000)
    @net.jqwik.api.statistics.StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void anyBodyIsABounded400OrAdmissionsEstimate(@ForAll("bodies") String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        SubmitChecks.Outcome outcome = CHECKS.check(bytes, ACME);

        net.jqwik.api.statistics.Statistics.collect(outcome instanceof SubmitChecks.Refused ? "refused" : "estimated");
        // Enough valid bodies to hold the dry run to admission's estimate, not only refusals.
        net.jqwik.api.statistics.Statistics.coverage(c -> c.check("estimated").percentage(p -> p >= 4));
        if (outcome instanceof SubmitChecks.Refused refused) {
            assertThat(refused.answer().getStatus()).isEqualTo(400);
            String answer = JSON.writeValueAsString(refused.answer().getEntity());
            assertThat(answer.length()).as(answer).isLessThanOrEqualTo(16 * 1024);
            assertThat(JSON.readTree(answer).path("error").path("type").asText()).isEqualTo("invalid_request_error");
            return;
        }
        SubmitChecks.Passed passed = (SubmitChecks.Passed) outcome;
        EstimateView estimate = EstimateView.of(passed);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        RequestIntake.Outcome admitted = ADMISSION.owned(ADMISSION.read(passed.id(), bytes, headers, Instant.now()),
                "acme");
        assertThat(admitted).as("admission accepts what the dry run did").isInstanceOf(RequestIntake.Accepted.class);
        var validation = ((RequestIntake.Accepted) admitted).validation();
        assertThat(estimate.estimatedCostUsd()).isEqualTo(validation.estimatedCost().orElse(null));
        assertThat(estimate.provider()).isEqualTo(validation.model().provider());
        assertThat(estimate.tenant()).isEqualTo("acme");
        assertThat(estimate.pricing() == null).isEqualTo(estimate.estimatedCostUsd() == null);
        assertThat(JSON.writeValueAsString(estimate).length()).isLessThanOrEqualTo(4 * 1024);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(Tuple.of(8, structured()), Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.of("{", "null", "[]", "{}", "\u0000", "{\"model\":" + "[".repeat(3000),
                        "{\"model\":\"veo3.1-fast\",\"prompt\":\"x\",\"duration\":1e999999999}")));
    }

    private static Arbitrary<String> structured() {
        List<String> names = List.of("model", "prompt", "duration", "resolution", "aspect_ratio", "output_audio",
                "priority", "tenant", "metadata", "parameters", "image_url", "operation", "request_id", "provider");
        List<Arbitrary<Object>> values = List.of(
                mostly(Arbitraries.of("veo3.1-fast", "veo3.1", "veo3.1-pro", "kling-v3.0-std", "seedance-2.0",
                        "kling-3.0-video", "sora-2", "hailuo-2.3-fast", "wan-2.6")),
                mostly(Arbitraries.of("A paper boat on a river", "<script>alert(1)</script>")),
                mostly(Arbitraries.of(-1, 0, 4, 5, 6, 8, 10, 12, 15, 100000, "8", "8s", 8.5)),
                mostly(Arbitraries.of("720p", "1080p", "480p", "4k", "768P")),
                mostly(Arbitraries.of("16:9", "9:16", "1:1")),
                mostly(Arbitraries.of(true, false)),
                mostly(Arbitraries.integers().between(0, 6)),
                mostly(Arbitraries.of("acme", "somebody-else")),
                mostly(Arbitraries.of(Map.of("source", "web"), Map.of("reelay:owner", "me"))),
                mostly(Arbitraries.of(Map.of("seed", "42"), Map.of("generate_audio", "true"),
                        Map.of("duration", "\"8s\""), Map.of("resolution", "\"1080p\""))),
                mostly(Arbitraries.of("https://img.example/a.png", "http://169.254.169.254/", "data:image/png;base64,AA")),
                mostly(Arbitraries.of("text-to-video", "image-to-video", "reference-to-video")),
                mostly(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)),
                mostly(Arbitraries.of("tokenlab", "hub")));
        // Model and prompt nearly always there, each other field now and then: many bodies are valid, many not.
        List<Arbitrary<Object>> present = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            present.add(values.get(i).injectNull(i < 2 ? 0.03 : 0.85));
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

    /** One of {@code plausible} four times in five, else anything a JSON value can be. */
    private static Arbitrary<Object> mostly(Arbitrary<?> plausible) {
        Arbitrary<Object> hostile = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60).map(o -> (Object) o),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(3000).ofMaxLength(6000).map(o -> (Object) o),
                Arbitraries.of("", " ", "\u0000", "\uD800", "null", "<img src=x onerror=alert(1)>").map(o -> (Object) o),
                Arbitraries.integers().map(o -> (Object) o),
                Arbitraries.of(List.of(1, 2), Map.of("a", List.of())).map(o -> (Object) o));
        return Arbitraries.frequencyOf(Tuple.of(4, plausible.map(o -> (Object) o)), Tuple.of(1, hostile));
    }
}
