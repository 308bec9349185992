package io.reelay.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated upstream answers that a broken or hostile gateway could send: JSON objects whose fields
 * are the ones the providers read (at any depth, with values of every type and size), raw or cut
 * bodies, any HTTP status, and any {@code Retry-After} header.
 */
public final class HostileJson {

    /** Every field name either provider reads, anywhere in an answer. */
    static final List<String> FIELDS = List.of("id", "task_id", "taskId", "poll_url", "status", "progress",
            "video_url", "video", "videos", "content", "last_frame_url", "error", "cancelled", "created", "updated",
            "ready", "data", "elapsed_ms", "created_at", "updated_at", "error_code", "error_message", "url",
            "duration", "width", "height", "file_size", "content_type", "file_name", "retry_after", "retryable",
            "code", "message", "type", "param", "model", "billing_transaction_id");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostileJson() {
    }

    /** An answer: status, body and Retry-After header. */
    public record Answer(int status, String body, String retryAfter) {
    }

    public static Arbitrary<Answer> answers() {
        Arbitrary<Integer> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(200, 201, 202)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(100, 599)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(400, 404, 409, 429, 500, 502, 503)));
        return Combinators.combine(status, bodies(), retryAfters()).as(Answer::new);
    }

    public static Arbitrary<String> bodies() {
        Arbitrary<String> object = objects(3).map(JsonNode::toString);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, object),
                net.jqwik.api.Tuple.of(1, object.map(s -> s.substring(0, s.length() / 2))),
                net.jqwik.api.Tuple.of(1, values(2).map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 2000)
                        .map(n -> "[".repeat(n) + "]".repeat(n))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    }

    public static Arbitrary<String> retryAfters() {
        return Arbitraries.oneOf(
                Arbitraries.just((String) null),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
                Arbitraries.of("", " 7 ", "-1", "1e300", "NaN", "Infinity", "0x10", "soon", "Wed, 21 Oct 2026 07:28:00 GMT",
                        "9".repeat(400), "\u0661\u0662"),
                Arbitraries.strings().ofMaxLength(50));
    }

    /** An object with some of the fields the providers read, each holding any value. */
    public static Arbitrary<ObjectNode> objects(int depth) {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.of(FIELDS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        return Combinators.combine(name, values(depth)).as(FieldValue::new).list().ofMaxSize(12).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(f -> node.set(f.name(), f.value()));
            return node;
        });
    }

    private record FieldValue(String name, JsonNode value) {
    }

    /** Any JSON value: every type, out-of-range numbers, long and strange strings, nested answers. */
    public static Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e300, -1e300, 0.5, -0.0,
                        1.7e9, 4.1e9, 9.2e18, -9.3e18, 1e15).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("12345678901234567890.5"))
                        .map(NODES::numberNode),
                strings().map(NODES::textNode));
        if (depth <= 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = Arbitraries.lazy(() -> values(depth - 1)).list().ofMaxSize(6).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> manyUrls = Arbitraries.integers().between(17, 400).map(n -> {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < n; i++) {
                array.add(NODES.objectNode().put("url", "https://cdn.test/v" + i + ".mp4"));
            }
            return array;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(2, arrays),
                net.jqwik.api.Tuple.of(1, manyUrls),
                net.jqwik.api.Tuple.of(3, Arbitraries.lazy(() -> objects(depth - 1)).map(o -> (JsonNode) o)));
    }

    /** Strings an upstream could put anywhere: ids, statuses, URLs, times, numbers, control characters, sizes. */
    public static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("pending", "processing", "completed", "failed", "timeout", "cancelled", "Completed\u0000",
                        " COMPLETED ", "", "   ", "true", "false", "NaN", "-Infinity", "1e999", "1706000000",
                        "99999999999999999999", "-1", "+999999999-12-31T23:59:59Z", "2026-05-01T10:00:00Z",
                        "2026-05-01T10:00:00+25:00", "0000-01-01T00:00:00Z", "https://cdn.test/a.mp4",
                        "https://cdn.test/a b.mp4", "/v1/tasks/x", "//evil.test/x", "http://evil.test/v1/tasks/x",
                        "ld\r\ntask", "ldtask_0123456789abcdef"),
                Arbitraries.integers().between(200, 5_000).map(n -> "https://cdn.test/" + "a".repeat(n)),
                Arbitraries.integers().between(200, 5_000).map("x"::repeat));
    }
}
