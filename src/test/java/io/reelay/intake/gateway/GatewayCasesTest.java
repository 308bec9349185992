package io.reelay.intake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.intake.ValidationError;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.upstream.hub.HubBodies;
import io.reelay.upstream.tokenlab.TokenLabBodies;

/**
 * The gateway acceptance cases through the real intake (the shipped catalog, the production default configuration),
 * each in every shape it names: admitted ones go to the expected gateway with the expected upstream body (as the
 * provider clients build it), refused ones carry the expected error.
 */
class GatewayCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReelayConfig CONFIG = TestConfig.defaults().build();
    private static final RequestIntake INTAKE = new RequestIntake(new RequestValidator(ModelCatalog.load(),
            CONFIG.validation(), CONFIG.routing().models()));
    /** Numbers compare by value: the corpus's 7 and the body's 7, its 0.7 and the body's 0.7. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @TestFactory
    Stream<DynamicTest> everyCaseInEveryShape() {
        return GatewayCases.shapedCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> judge(c)));
    }

    @Test
    void theCorpusIsWhole() {
        List<GatewayCases.Case> cases = GatewayCases.load();
        assertThat(cases).hasSize(97);
        assertThat(cases.stream().filter(c -> c.shaped().size() == 2)).hasSize(44);
        assertThat(cases).extracting(GatewayCases.Case::id).doesNotHaveDuplicates();
    }

    @Test
    void reelaysOwnReferenceNamesReachTokenLabUnderItsNames() throws Exception {
        String json = "{\"model\":\"seedance-2.0\",\"prompt\":\"x\","
                + "\"reference_images\":[\"https://example.com/a.png\"],"
                + "\"reference_videos\":[\"https://example.com/m.mp4\"],"
                + "\"reference_audios\":[\"https://example.com/s.mp3\"]}";
        GatewayCases.Shaped shaped = new GatewayCases.Shaped(null, "flat",
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json));
        RequestIntake.Accepted accepted = (RequestIntake.Accepted) read(shaped);
        JsonNode body = upstreamBody("tokenlab", accepted);
        assertThat(body.get("video_urls")).containsExactly(JSON.readTree("\"https://example.com/m.mp4\""));
        assertThat(body.get("audio_urls")).containsExactly(JSON.readTree("\"https://example.com/s.mp3\""));
        assertThat(body.has("reference_videos") || body.has("reference_audios")).isFalse();
        assertThat(body.get("operation").asText()).isEqualTo("reference-to-video");
    }

    static RequestIntake.Outcome read(GatewayCases.Shaped c) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes());
        // As the tracker reads a Kafka producer's record: no API client owns it.
        return INTAKE.owned(INTAKE.read("case-1", c.json("case-1"), headers, Instant.parse("2026-12-02T12:00:00Z")),
                null);
    }

    private static void judge(GatewayCases.Shaped shaped) throws Exception {
        GatewayCases.Case c = shaped.gatewayCase();
        RequestIntake.Outcome outcome = read(shaped);
        if (c.admitted()) {
            assertThat(outcome).as("%s: %s", shaped.name(), describe(outcome))
                    .isInstanceOf(RequestIntake.Accepted.class);
            RequestIntake.Accepted accepted = (RequestIntake.Accepted) outcome;
            String provider = accepted.validation().model().provider();
            assertThat(provider).as(shaped.name()).isEqualTo(c.provider());
            assertThat(accepted.request().provider()).as("the routed request names its provider").isEqualTo(provider);
            JsonNode upstream = upstreamBody(provider, accepted);
            c.upstream().fields().forEachRemaining(e -> assertThat(upstream.has(e.getKey())
                    && upstream.get(e.getKey()).equals(BY_VALUE, e.getValue()))
                    .as("%s: upstream %s = %s in %s", shaped.name(), e.getKey(), e.getValue(), upstream)
                    .isTrue());
            assertThat(c.upstreamAbsent()).as("%s: absent from %s", shaped.name(), upstream)
                    .noneMatch(upstream::has);
            return;
        }
        assertThat(outcome).as("%s: %s", shaped.name(), describe(outcome)).isInstanceOf(RequestIntake.Refused.class);
        List<ValidationError> errors = ((RequestIntake.Refused) outcome).validation().errors();
        assertThat(errors).as(shaped.name()).isNotEmpty();
        assertThat(errors).as("%s: an error with code %s on %s", shaped.name(), c.code(), c.field())
                .anyMatch(e -> (c.code() == null || c.code().equals(e.code()))
                        && (c.field() == null || c.field().equals(bare(e.field()))));
    }

    /** The upstream body the provider client would send: TokenLab's body, or the hub's {@code input}. */
    static JsonNode upstreamBody(String provider, RequestIntake.Accepted accepted) throws Exception {
        if (provider.equals("hub")) {
            return JSON.readTree(HubBodies.of(accepted.request())).get("input");
        }
        return JSON.readTree(TokenLabBodies.of(accepted.request()));
    }

    static String bare(String field) {
        return field.startsWith("parameters.") ? field.substring("parameters.".length()) : field;
    }

    private static String describe(RequestIntake.Outcome outcome) {
        if (outcome instanceof RequestIntake.Refused r) {
            return "refused " + r.validation().errors();
        }
        if (outcome instanceof RequestIntake.Undecodable u) {
            return "undecodable " + u.reason();
        }
        return "admitted to " + ((RequestIntake.Accepted) outcome).validation().model().provider() + " as "
                + ((RequestIntake.Accepted) outcome).request();
    }

}
