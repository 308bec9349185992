package io.reelay.delivery.payload;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The body of a webhook: {@code {"type": "video.completed", "timestamp": ..., "data": <the event>}}, the event written
 * field by field from its Avro schema, in the event's own (snake_case) names, so a field appended to the schema
 * appears without a change here. Times are ISO-8601, money a decimal string, bytes base64.
 *
 * <p>Total and bounded: for any record it returns a body of at most {@code maxBytes} UTF-8 bytes (at least
 * {@value #MIN_BYTES}); when the event is larger its longest texts are cut, then its lists and maps, and {@code
 * data.truncated} is true. It never throws.
 */
public final class WebhookPayload {

    /** The smallest bound accepted: room for the envelope and the request id. */
    public static final int MIN_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ITEMS = 10_000;

    private WebhookPayload() {
    }

    /** The body for {@code event} of {@code type} seen at {@code at}. */
    public static String of(String type, Instant at, IndexedRecord event, int maxBytes) {
        int bound = Math.max(MIN_BYTES, maxBytes);
        String safeType = type == null ? "" : cut(type, 100);
        String timestamp = at == null ? null : at.toString();
        JsonNode data;
        try {
            data = event == null ? NODES.objectNode() : record(event, 0);
        } catch (RuntimeException | StackOverflowError e) {
            data = NODES.objectNode().put("error", "the event could not be written as JSON");
        }
        for (int limit = 4096; ; limit /= 4) {
            String body = envelope(safeType, timestamp, data);
            if (body != null && utf8Length(body) <= bound) {
                return body;
            }
            if (limit < 16) {
                break;
            }
            data = shrink(data, limit, limit / 4 + 1);
            if (data instanceof ObjectNode o) {
                o.put("truncated", true);
            }
        }
        String id = event == null ? null : requestId(event);
        // Escaped control characters take six bytes each: the id is cut until the body fits.
        for (int keep : new int[] {200, 40, 0}) {
            ObjectNode minimal = NODES.objectNode();
            minimal.put("request_id", id == null || keep == 0 ? null : cut(id, keep));
            minimal.put("truncated", true);
            String body = envelope(safeType, timestamp, minimal);
            if (body != null && utf8Length(body) <= bound) {
                return body;
            }
        }
        return "{\"type\":null,\"timestamp\":null,\"data\":{\"request_id\":null,\"truncated\":true}}";
    }

    private static String requestId(IndexedRecord event) {
        try {
            Schema.Field f = event.getSchema().getField("request_id");
            Object v = f == null ? null : event.get(f.pos());
            return v == null ? null : v.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String envelope(String type, String timestamp, JsonNode data) {
        ObjectNode root = NODES.objectNode();
        root.put("type", type);
        root.put("timestamp", timestamp);
        root.set("data", data);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode record(IndexedRecord record, int depth) {
        ObjectNode out = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.set(field.name(), value(record.get(field.pos()), depth + 1));
        }
        return out;
    }

    private static JsonNode value(Object v, int depth) {
        if (v == null || depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        if (v instanceof IndexedRecord r) {
            return record(r, depth);
        }
        if (v instanceof CharSequence || v instanceof Enum<?>) {
            return TextNode.valueOf(v.toString());
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? NODES.numberNode(f) : TextNode.valueOf(f.toString());
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? NODES.numberNode(d) : TextNode.valueOf(d.toString());
        }
        if (v instanceof BigDecimal d) {
            return TextNode.valueOf(d.toPlainString());
        }
        if (v instanceof Instant || v instanceof LocalDate) {
            return TextNode.valueOf(v.toString());
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof GenericFixed f) {
            return TextNode.valueOf(Base64.getEncoder().encodeToString(f.bytes()));
        }
        if (v instanceof Collection<?> c) {
            ArrayNode array = NODES.arrayNode();
            Iterator<?> it = c.iterator();
            for (int i = 0; i < MAX_ITEMS && it.hasNext(); i++) {
                array.add(value(it.next(), depth + 1));
            }
            return array;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode map = NODES.objectNode();
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (i++ == MAX_ITEMS) {
                    break;
                }
                map.set(String.valueOf(e.getKey()), value(e.getValue(), depth + 1));
            }
            return map;
        }
        return TextNode.valueOf(v.toString());
    }

    /** A copy with every text cut to {@code textLimit} characters, every list and map to {@code items} entries. */
    private static JsonNode shrink(JsonNode node, int textLimit, int items) {
        if (node.isTextual()) {
            return TextNode.valueOf(cut(node.textValue(), textLimit));
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < node.size() && i < items; i++) {
                out.add(shrink(node.get(i), textLimit, items));
            }
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            for (int i = 0; it.hasNext(); i++) {
                Map.Entry<String, JsonNode> e = it.next();
                // Record fields are few and fixed; only a map's many entries are dropped.
                if (i < Math.max(items, 64)) {
                    out.set(cut(e.getKey(), textLimit), shrink(e.getValue(), textLimit, items));
                }
            }
            return out;
        }
        return node;
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
