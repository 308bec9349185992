package io.reelay.catalog.discovery;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.DiscoveredModel;

/**
 * Tolerant reading of discovery answers, with the bounds every value is held to before it reaches the catalog:
 * anything of the wrong type, too long or out of range reads as absent, never as an exception.
 */
final class DiscoveryJson {

    /** Entries of one answer looked at; a longer list is cut (no gateway lists thousands of video models). */
    static final int MAX_MODELS = 500;
    /** Items of one list (durations, values of a parameter, inputs) looked at. */
    static final int MAX_ITEMS = 64;
    static final int MAX_ID = 100;
    static final int MAX_NAME = 200;
    static final int MAX_SHORT = 64;
    static final int MAX_DESCRIPTION = 2_000;
    /** Largest service limit believed: a larger figure is no real limit. */
    static final int MAX_LIMIT = 10_000_000;
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Characters of a model id and a parameter name: they go into URLs, keys, logs and requests. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+/@-]{0," + (MAX_ID - 1) + "}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private DiscoveryJson() {
    }

    /** The child when it is an object, else null. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isObject() ? v : null;
    }

    /** The first of the fields that is an object, in {@code node} or in {@code nested}. */
    static JsonNode objectIn(JsonNode node, JsonNode nested, String field) {
        JsonNode v = object(node, field);
        return v != null ? v : object(nested, field);
    }

    /** A non-blank string of at most {@code max} characters, control characters made spaces; else null. */
    static String text(JsonNode node, String field, int max) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? clean(v.asText(), max) : null;
    }

    static String clean(String s, int max) {
        if (s == null || s.isBlank() || s.length() > max * 4) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
        String result = out.toString().strip();
        return result.isEmpty() ? null : result;
    }

    /** A model id: refused (null), never cut, when it is not one. */
    static String id(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() && ID.matcher(v.asText()).matches() ? v.asText() : null;
    }

    static boolean usableName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A whole number in [1, {@link #MAX_LIMIT}], or a string holding one; else null. */
    static Integer positive(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        Long n = whole(v);
        return n == null || n < 1 || n > MAX_LIMIT ? null : n.intValue();
    }

    /** A whole number (or a string holding one, or "8s"), else null. */
    static Long whole(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
        }
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.endsWith("s")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(Character::isDigit)) {
                return null;
            }
            return Long.parseLong(s);
        }
        return null;
    }

    /** A finite number of at most 30 digits, else null. */
    static BigDecimal number(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return null;
        }
        if (v.isFloatingPointNumber() && !Double.isFinite(v.asDouble())) {
            return null;
        }
        BigDecimal d = v.decimalValue();
        return d.precision() > 30 || Math.abs(d.scale()) > 30 ? null : d;
    }

    /** An ISO-8601 instant or unix seconds within [2000, 2200), else null. */
    static Instant instant(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        Instant t = null;
        if (v != null && v.isTextual() && v.asText().length() <= 64) {
            try {
                t = Instant.parse(v.asText().strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        } else if (v != null && v.isNumber()) {
            Long seconds = whole(v);
            t = seconds == null || Math.abs(seconds) > LATEST.getEpochSecond() ? null : Instant.ofEpochSecond(seconds);
        }
        return t == null || t.isBefore(EARLIEST) || !t.isBefore(LATEST) ? null : t;
    }

    /** The first {@link #MAX_ITEMS} items of an array field read by {@code item}, nulls and repeats left out. */
    static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
        JsonNode v = node == null ? null : node.get(field);
        List<T> out = new ArrayList<>();
        if (v == null || !v.isArray()) {
            return out;
        }
        for (int i = 0; i < v.size() && i < MAX_ITEMS; i++) {
            T t = item.apply(v.get(i));
            if (t != null && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** A short string item, else null. */
    static String shortText(JsonNode v) {
        return v != null && v.isTextual() ? clean(v.asText(), MAX_SHORT) : null;
    }

    /** A duration in seconds, 1 to a day, as a number, "8" or "8s"; else null. */
    static Integer seconds(JsonNode v) {
        Long n = whole(v);
        return n == null || n < 1 || n > 86_400 ? null : n.intValue();
    }

    /** The array an answer lists its models in: {@code data}, {@code models}, or the answer itself. */
    static JsonNode entries(JsonNode answer) {
        if (answer == null) {
            return null;
        }
        if (answer.isArray()) {
            return answer;
        }
        for (String field : List.of("data", "models")) {
            JsonNode v = answer.get(field);
            if (v != null && v.isArray()) {
                return v;
            }
        }
        return null;
    }

    /**
     * A list answer of one gateway, read entry by entry: the first {@link #MAX_MODELS} entries, each by
     * {@code reader}. Every id the answer names counts as seen, readable or not (so a garbled entry keeps what was
     * known of its model); an entry that cannot be read, or repeats an id already read, is skipped and counted. An
     * answer with no list of entries is one skipped entry (none when there is no answer).
     *
     * @param idOf the id an entry names, or null
     * @param reader the entry's facts, or null when it has none usable
     */
    static Discovery models(String provider, JsonNode answer, Function<JsonNode, String> idOf,
            Function<JsonNode, DiscoveredModel> reader) {
        List<DiscoveredModel> models = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int skipped = 0;
        JsonNode entries = entries(answer);
        if (entries == null) {
            return new Discovery(provider, models, seen, answer == null ? 0 : 1);
        }
        for (int i = 0; i < entries.size() && i < MAX_MODELS; i++) {
            JsonNode entry = entries.get(i);
            String id = idOf.apply(entry);
            boolean first = id != null && seen.add(id); // a repeated id: the first entry counts
            DiscoveredModel model = first ? reader.apply(entry) : null;
            if (model != null) {
                models.add(model);
            } else {
                skipped++;
            }
        }
        return new Discovery(provider, models, seen, skipped);
    }
}
