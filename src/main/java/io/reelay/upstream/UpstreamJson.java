package io.reelay.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
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
     * Trailing tokens fail the parse, so {@code {"a":1}garbage} is malformed; source text is left out
     * of parse errors, so a body that echoes a key cannot leak it through an exception message.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
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

    /** A number, or a string holding one; else null. */
    public static Double decimal(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.valueOf(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static Integer integer(JsonNode v) {
        Double d = decimal(v);
        return d == null ? null : (int) Math.round(d);
    }

    public static Long whole(JsonNode v) {
        Double d = decimal(v);
        return d == null ? null : Math.round(d);
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
