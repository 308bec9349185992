package io.reelay.intake.triage;

import static io.reelay.intake.triage.RequestIntakePropertiesTest.assertBounded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.reelay.intake.ValidationError;
import io.reelay.intake.decode.RequestDecoder;

/** The hostile records named in issue 11, each with the outcome a producer should see. */
class RequestIntakeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void theTwentyByteRecordIsRefusedByIdWithAModelTheEventCanCarry() {
        RequestIntake.Refused refused = refused("x", "{\"request_id\":\"x\"}");
        assertThat(refused.request().requestId()).isEqualTo("x");
        assertThat(refused.request().model()).isEmpty();
        assertThat(refused.validation().errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("model", "required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "7", "[\"veo3.1\"]", "{\"id\":\"veo3.1\"}", "true"})
    void aModelThatIsNotAStringIsRefused(String model) {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":" + model + ",\"prompt\":\"p\"}");
        assertThat(refused.request().model()).isNotNull();
        assertThat(refused.validation().errors()).extracting(ValidationError::field).contains("model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\":null}", "{\"name\":5}", "{\"name\":[\"a\"]}"})
    void aKlingElementWithoutAStringNameIsRefused(String element) {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"kling-3.0-video\","
                + "\"prompt\":\"@a\",\"image_url\":\"https://example.com/a.png\",\"kling_elements\":[" + element + "]}");
        assertThat(refused.request().klingElements()).allSatisfy(e -> assertThat(e.name()).isNotNull());
        assertThat(refused.validation().errors()).extracting(ValidationError::field)
                .anyMatch(f -> f.startsWith("kling_elements[0].name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "-9223372036854775808", "99999999999999999999",
        "\"+1000000000-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"", "\"2999-01-01T00:00:00Z\"", "1.5e300"})
    void anAbsurdRequestTimeIsRefusedAndNotCarried(String at) {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"prompt\":\"p\","
                + "\"requested_at\":" + at + "}");
        assertThat(refused.validation().errors()).extracting(ValidationError::field).contains("requested_at");
        assertThat(refused.request().requestedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "NaN", "Infinity", "5.5", "\"5.5\"", "\"five\"",
        "\"5 s\"", "\"9999999\"", "\"\"", "true"})
    void aDurationOutOfIntRangeOrNotAWholeNumberIsRefused(String duration) {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"prompt\":\"p\","
                + "\"duration\":" + duration + "}");
        assertThat(refused.validation().errors()).extracting(ValidationError::field).containsExactly("duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "\"8\"", "\"8s\""})
    void aDurationIsWholeSecondsAsANumberOrAString(String duration) {
        RequestIntake.Outcome outcome = read("k", "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"prompt\":\"p\","
                + "\"duration\":" + duration + "}");
        assertThat(outcome).isInstanceOf(RequestIntake.Accepted.class);
        assertThat(((RequestIntake.Accepted) outcome).request().duration()).isEqualTo(8);
    }

    @Test
    void aRequestIdThatCannotNameAFailureIsDeadLettered() {
        assertThat(undecodable(null, "{\"model\":\"veo3.1\"}").reason()).contains("cannot be named");
        assertThat(undecodable("k", "{\"request_id\":\"" + "r".repeat(201) + "\",\"model\":\"veo3.1\"}").reason())
                .contains("longer than 200");
        assertThat(undecodable("k", "{\"request_id\":\"a\\r\\nb\",\"model\":\"veo3.1\"}").reason())
                .contains("characters other than");
        assertThat(undecodable("k".repeat(400_000), "{\"model\":\"veo3.1\"}").reason()).hasSizeLessThan(401);
        assertThat(undecodable("k", "{\"request_id\":7,\"model\":\"veo3.1\"}").reason()).contains("not a string");
    }

    @Test
    void jsonBombsAreDeadLetteredWithAShortReason() {
        assertThat(undecodable("k", "[".repeat(50_000) + "]".repeat(50_000)).reason()).contains("depth");
        assertThat(undecodable("k", "{\"request_id\":\"r\",\"model\":\"a\",\"model\":\"b\"}").reason())
                .contains("Duplicate field");
        assertThat(undecodable("k", "{\"request_id\":\"r\",\"duration\":" + "9".repeat(100_000) + "}").reason())
                .hasSizeLessThan(401);
    }

    @Test
    void aLongContentTypeIsQuotedOnlyInPart() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, "x".repeat(400_000).getBytes(StandardCharsets.UTF_8));
        RequestIntake.Outcome outcome = RequestIntakePropertiesTest.INTAKE.read("k", new byte[] {1}, headers, NOW);
        assertThat(((RequestIntake.Undecodable) outcome).reason()).hasSizeLessThan(300).contains("xxxx…");
    }

    @Test
    void aHugeUnknownModelIsEchoedOnlyInPart() {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"" + "m".repeat(400_000)
                + "\",\"prompt\":\"p\"}");
        assertThat(refused.validation().summary()).hasSizeLessThan(500);
        assertThat(refused.request().model().length()).isLessThanOrEqualTo(101);
    }

    @Test
    void oneErrorPerListItemIsCapped() {
        String items = String.join(",", java.util.Collections.nCopies(16, "\"http://127.0.0.1/\""));
        String elements = String.join(",", java.util.Collections.nCopies(16,
                "{\"name\":\"" + "n".repeat(150) + "\",\"element_input_urls\":[" + items + "]}"));
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"kling-3.0-video\","
                + "\"prompt\":\"p\",\"image_url\":\"https://example.com/a.png\",\"kling_elements\":[" + elements + "]}");
        assertThat(refused.validation().errors()).hasSizeLessThanOrEqualTo(21)
                .last().extracting(ValidationError::code).isEqualTo(ValidationError.MORE_ERRORS);
    }

    @Test
    void callbackUrlToTheMetadataServiceIsNotPassedThrough() {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"prompt\":\"p\","
                + "\"callback_url\":\"http://169.254.169.254/latest/meta-data\"}");
        // callback_url is Reelay's own field (webhooks), refused by the callback URL policy: never called, never sent on.
        assertThat(refused.validation().errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("callback_url", "invalid_url"));
        assertThat(refused.validation().request().parameters()).doesNotContainKey("callback_url");
    }

    @Test
    void anAllowedPassThroughParameterStillPassesTheUrlPolicy() {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"seedance-2.0\","
                + "\"prompt\":\"p\",\"reference_images\":[\"https://example.com/a.png\"],"
                + "\"image_urls\":[\"file:///etc/passwd\"]}");
        assertThat(refused.validation().errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("parameters.image_urls[0]", "invalid_url"));
        RequestIntake.Outcome ok = read("k", "{\"request_id\":\"r\",\"model\":\"seedance-2.0\",\"prompt\":\"p\","
                + "\"reference_images\":[\"https://example.com/a.png\"],\"seed\":42,\"watermark\":false,"
                + "\"image_urls\":[\"https://example.com/b.png\"]}");
        assertThat(ok).isInstanceOf(RequestIntake.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost./a.png", "https://012.0.0.1/a.png", "https://[::127.0.0.1]/a.png",
        "https://[64:ff9b::7f00:1]/a.png", "https://198.18.0.1/a.png", "file:///etc/passwd",
        "https://127.0.0.1.nip.io/a.png", "https://[::ffff:0:7f00:1]/a.png", "https://[2002:7f00:1::1]/a.png",
        "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/a.png", "https://kubernetes/a.png",
        "https://redis.svc.cluster.local/a.png", "https://[fe80::1%25eth0]/a.png", "data:text/html,<script>"})
    void urlPolicyEvasionsFromTheIssueAreRefused(String url) {
        RequestIntake.Refused refused = refused("k", "{\"request_id\":\"r\",\"model\":\"hailuo-2.3-standard\","
                + "\"prompt\":\"p\",\"image_url\":\"" + url + "\"}");
        assertThat(refused.validation().errors()).extracting(ValidationError::field).containsExactly("image_url");
    }

    @Test
    void aValidRequestIsAccepted() {
        assertThat(read("k", RequestIntakePropertiesTest.VALID)).isInstanceOf(RequestIntake.Accepted.class);
    }

    // ------------------------------------------------------------------ helpers

    private static RequestIntake.Outcome read(String key, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        RequestIntake.Outcome outcome = RequestIntakePropertiesTest.INTAKE.read(key,
                json.getBytes(StandardCharsets.UTF_8), headers, NOW);
        assertBounded(outcome);
        return outcome;
    }

    private static RequestIntake.Refused refused(String key, String json) {
        RequestIntake.Outcome outcome = read(key, json);
        assertThat(outcome).isInstanceOf(RequestIntake.Refused.class);
        return (RequestIntake.Refused) outcome;
    }

    private static RequestIntake.Undecodable undecodable(String key, String json) {
        RequestIntake.Outcome outcome = read(key, json);
        assertThat(outcome).isInstanceOf(RequestIntake.Undecodable.class);
        return (RequestIntake.Undecodable) outcome;
    }
}
