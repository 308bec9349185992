package io.reelay.intake.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.intake.validation.Validated;
import io.reelay.intake.ValidationError;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.decode.RequestDecoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a record holds, reading it gives an outcome (never an exception), and every text of that outcome is
 * bounded: hostile bytes, broken and bomb JSON, wrong types and nulls in every field, oversized fields.
 */
class RequestIntakePropertiesTest {

    static final RequestIntake INTAKE = new RequestIntake(
            new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
    static final String VALID = """
            {"request_id":"r-1","model":"kling-3.0-video","operation":"image-to-video","prompt":"Place @bag here",
             "image_url":"https://example.com/a.png","duration":5,"aspect_ratio":"16:9","resolution":"720p",
             "output_audio":true,"metadata":{"tenant":"t1"},"requested_at":"2026-01-01T00:00:00Z",
             "kling_elements":[{"name":"bag","description":"a bag","element_input_urls":["https://example.com/b.png"]}],
             "max_wait_seconds":600,"reference_images":null}""";
    static final List<String> FIELDS = List.of("request_id", "model", "operation", "prompt", "image_url", "image",
            "reference_images", "reference_videos", "reference_audios", "reference_image_type", "start_image",
            "end_image", "video_url", "audio_url", "duration", "aspect_ratio", "resolution", "output_audio",
            "kling_elements", "metadata", "requested_at", "max_wait_seconds", "parameters", "input", "callback_url",
            "provider", "tenant", "priority");

    @Property(tries = 1500)
    void randomBytesGiveABoundedOutcome(@ForAll byte[] value, @ForAll("contentType") String contentType) {
        assertBounded(read(value, contentType));
    }

    @Property(tries = 1500)
    void truncatedAndBitFlippedJsonGivesABoundedOutcome(@ForAll("cut") int cut, @ForAll("flips") List<Integer> flips) {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] value = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, cut));
        for (int flip : flips) {
            if (value.length > 0) {
                value[flip % value.length] ^= (byte) (1 << (flip % 8));
            }
        }
        assertBounded(read(value, RequestDecoder.JSON));
    }

    @Property(tries = 2000)
    void anyValueInAnyFieldGivesABoundedOutcome(@ForAll("field") String field, @ForAll("hostileJson") String value,
            @ForAll("field") String other, @ForAll("hostileJson") String otherValue) {
        String json = "{\"request_id\":\"r-2\",\"model\":\"veo3.1\",\"prompt\":\"a cat\",\"" + field + "\":" + value
                + (other.equals(field) ? "" : ",\"" + other + "\":" + otherValue) + "}";
        RequestIntake.Outcome outcome = read(json.getBytes(StandardCharsets.UTF_8), RequestDecoder.JSON);
        assertBounded(outcome);
    }

    @Property(tries = 500)
    void bombsAreUndecodableOrRefusedNeverThrown(@ForAll("bomb") String json) {
        assertBounded(read(json.getBytes(StandardCharsets.UTF_8), RequestDecoder.JSON));
    }

    // ------------------------------------------------------------------ the bounds

    static RequestIntake.Outcome read(byte[] value, String contentType) {
        RecordHeaders headers = new RecordHeaders();
        if (!contentType.equals("none")) {
            headers.add(RequestDecoder.CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
        }
        return INTAKE.read("key-1", value, headers, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static void assertBounded(RequestIntake.Outcome outcome) {
        assertThat(outcome).isNotNull();
        if (outcome instanceof RequestIntake.Undecodable u) {
            assertThat(u.reason().length()).isLessThanOrEqualTo(IntakeLimits.MAX_REASON_LENGTH + 1);
        } else if (outcome instanceof RequestIntake.Refused r) {
            Validated v = r.validation();
            assertThat(v.ok()).isFalse();
            assertThat(r.request().model()).isNotNull();
            assertThat(r.request().requestId()).matches("[A-Za-z0-9._:@/+=-]{1,200}");
            assertThat(v.errors()).hasSizeLessThanOrEqualTo(IntakeLimits.MAX_ERRORS + 1);
            assertThat(errorCharacters(v.errors())).isLessThan(8_000);
            assertThat(v.summary().length()).isLessThan(8_000);
            assertThat(r.request().toString().length()).isLessThan(200_000);
        } else {
            assertThat(((RequestIntake.Accepted) outcome).validation().ok()).isTrue();
        }
    }

    static int errorCharacters(List<ValidationError> errors) {
        return errors.stream().mapToInt(e -> e.field().length() + e.code().length() + e.message().length()
                + String.join(",", e.allowed()).length()).sum();
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> contentType() {
        return Arbitraries.of("none", RequestDecoder.JSON, RequestDecoder.AVRO, "application/json; charset=utf-8",
                "text/plain", "x".repeat(5000), "application/json\r\nX-Evil: 1");
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, VALID.length() + 10);
    }

    @Provide
    Arbitrary<List<Integer>> flips() {
        return Arbitraries.integers().between(0, 100_000).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<String> hostileJson() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30).map(RequestIntakePropertiesTest::quoted);
        Arbitrary<String> longText = Arbitraries.integers().between(100, 300_000)
                .map(n -> quoted("é".repeat(n)));
        Arbitrary<String> urls = Arbitraries.of("\"http://169.254.169.254/latest\"", "\"file:///etc/passwd\"",
                "\"https://localhost./a\"", "\"https://012.0.0.1/a\"", "\"https://[::127.0.0.1]/\"",
                "[\"https://[64:ff9b::7f00:1]/\"]", "{\"url\":\"gopher://x.com/\"}");
        Arbitrary<String> numbers = Arbitraries.of("0", "-1", "1e308", "-1e400", "NaN", "Infinity", "-Infinity",
                "2147483648", "9223372036854775808", "99999999999999999999", "1.5", "253402300800000",
                "-62135596800001", "\"+1000000000-01-01T00:00:00Z\"", "\"2026-13-45T00:00:00Z\"");
        Arbitrary<String> shapes = Arbitraries.of("null", "true", "[]", "{}", "[null]", "[1,2]", "{\"a\":null}",
                "[{\"name\":1}]", "[{}]", "[{\"name\":null,\"element_input_urls\":\"x\"}]", "{\"k\":{\"n\":[1]}}");
        Arbitrary<String> manyItems = Arbitraries.integers().between(17, 5000)
                .map(n -> "[" + String.join(",", java.util.Collections.nCopies(n, "\"https://example.com/a.png\""))
                        + "]");
        Arbitrary<String> manyEntries = Arbitraries.integers().between(33, 3000).map(n -> {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(i % 50))
                        .append('"');
            }
            return sb.append('}').toString();
        });
        Arbitrary<String> longKey = Arbitraries.integers().between(65, 100_000)
                .map(n -> "{" + quoted("k".repeat(n)) + ":\"v\"}");
        return Arbitraries.oneOf(text, longText, urls, numbers, shapes, manyItems, manyEntries, longKey);
    }

    @Provide
    Arbitrary<String> bomb() {
        Arbitrary<String> deep = Arbitraries.integers().between(20, 100_000)
                .map(n -> "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"parameters\":{\"x\":" + "[".repeat(n)
                        + "]".repeat(n) + "}}");
        Arbitrary<String> deepObject = Arbitraries.integers().between(20, 20_000)
                .map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n));
        Arbitrary<String> duplicate = Arbitraries.of("request_id", "model", "image_url", "parameters", "x")
                .map(k -> "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"prompt\":\"p\",\"" + k + "\":\"a\",\"" + k
                        + "\":\"b\"}");
        Arbitrary<String> hugeNumber = Arbitraries.integers().between(60, 100_000)
                .map(n -> "{\"request_id\":\"r\",\"model\":\"veo3.1\",\"duration\":" + "9".repeat(n) + "}");
        Arbitrary<String> hugeId = Arbitraries.integers().between(201, 400_000)
                .map(n -> "{\"request_id\":\"" + "r".repeat(n) + "\",\"model\":\"veo3.1\"}");
        Arbitrary<String> unsafeId = Arbitraries.of("a b", "a\r\nb", "a\u0000", "é", "a;b", "<x>", "a\"b", " ")
                .map(id -> "{\"request_id\":" + quoted(id) + ",\"model\":\"veo3.1\"}");
        Arbitrary<String> hugeModel = Arbitraries.integers().between(101, 400_000)
                .map(n -> "{\"request_id\":\"r\",\"model\":\"" + "m".repeat(n) + "\"}");
        return Combinators.combine(Arbitraries.oneOf(deep, deepObject, duplicate, hugeNumber, hugeId, unsafeId,
                hugeModel), Arbitraries.of("", " ", "garbage", "}")).as((json, tail) -> json + tail);
    }

    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
