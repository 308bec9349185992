package io.reelay.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON as the providers read and write it: answers are parsed strictly (a truncated body must not
 * pass for a complete one), their fields read tolerantly (gateways drift in types and presence).
 */
public final class UpstreamJson {

    /**
     * What Jackson may read of an answer: no real answer nests deeper than a few levels, has a string
     * longer than the body limit or a number of more than a few dozen digits. Past these the parse
     * fails (and with it that call) before a deep tree or a huge BigDecimal is built.
     */
    public static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(64)
            .maxStringLength(UpstreamBounds.MAX_BODY_BYTES)
            .maxNumberLength(64)
            .maxNameLength(1024)
            .maxDocumentLength(UpstreamBounds.MAX_BODY_BYTES)
            .build();

    /**
     * Trailing tokens fail the parse, so {@code {"a":1}garbage} is malformed; source text is left out
     * of parse errors, so a body that echoes a key cannot leak it through an exception message.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(LIMITS).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private UpstreamJson() {
    }

    /** The field as text when it is a non-blank scalar, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /**
     * A finite number, or a string holding one; else null. Strings are read only when short (no
     * number needs more than 64 characters) and NaN or infinities ({@code "NaN"}, {@code 1e999}) are none.
     */
    public static Double decimal(JsonNode v) {
        if (v == null) {
            return null;
        }
        Double d = null;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && v.asText().length() <= 64) {
            try {
                d = Double.valueOf(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return d == null || !Double.isFinite(d) ? null : d;
    }

    /** A number within the int range, rounded; else null (never a wrapped-around value). */
    public static Integer integer(JsonNode v) {
        Double d = decimal(v);
        return d == null || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE ? null : (int) Math.round(d);
    }

    /** A number within the long range, rounded; else null. */
    public static Long whole(JsonNode v) {
        Double d = decimal(v);
        // 2^63 itself is out of range; the double nearest Long.MAX_VALUE is 2^63.
        return d == null || d < -0x1p63 || d >= 0x1p63 ? null : Math.round(d);
    }

    /**
     * The field as text when it is a non-blank scalar of at most {@code max} characters, else null:
     * for identifiers and URLs, which must not be cut.
     */
    public static String textUpTo(JsonNode node, String field, int max) {
        String s = text(node, field);
        return s == null || s.length() > max ? null : s;
    }

    /**
     * A model parameter given as a JSON literal ({@code 8}, {@code true}, {@code "16:9"}, {@code [..]}).
     * A producer that wrote a bare word instead of a quoted JSON string most likely meant the string.
     */
    public static JsonNode literal(String literal) {
        try {
            JsonNode node = MAPPER.readTree(literal);
            return node == null || node.isMissingNode() ? MAPPER.getNodeFactory().textNode(literal) : node;
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(literal);
        }
    }
}
