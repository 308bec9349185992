package io.reelay.catalog.discovery;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.InputLimits;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.Operation;
import io.reelay.catalog.RequestFormat;
import io.reelay.catalog.ServiceLimits;

/**
 * Reads TokenLab's discovery ({@code GET /v1/models?category=video&view=full}, {@code GET /v1/models/{model}}) into
 * catalog facts: the operations (those {@code request_format_summary.supported_operations} names and those its
 * {@code operation_constraints} describe), the durations, resolutions and aspect ratios (the summary's, else the
 * union of the operations' {@code allowed_*} lists), the reference-input maxima of the
 * documented inputs ({@code reference_images} / {@code image_urls}, {@code video_urls}, {@code audio_urls}), the
 * {@code service_limits} and the {@code lifecycle}. Every field is optional and may sit at the entry's top level or
 * under {@code tokenlab}; extra fields are ignored; an entry without a usable id is skipped and counted. Total: never
 * throws.
 *
 * <p>Prices ({@code pricing_summary}, {@code GET /v1/pricing}) are read by {@link DiscoveredPricing} into
 * {@link DiscoveredModel#pricing()} and laid over the shipped prices by {@code PricingOverlay}.
 */
public final class TokenLabModels {

    public static final String PROVIDER = "tokenlab";

    private TokenLabModels() {
    }

    /** A list answer. */
    public static Discovery list(JsonNode answer) {
        return DiscoveryJson.models(PROVIDER, answer, entry -> DiscoveryJson.id(entry, "id"), TokenLabModels::model);
    }

    /** Whether a list entry is compact (no request format, no limits): its details need {@code GET /v1/models/{id}}. */
    public static boolean compact(JsonNode entry) {
        return entry != null && entry.isObject() && summary(entry) == null
                && DiscoveryJson.objectIn(entry, DiscoveryJson.object(entry, "tokenlab"), "service_limits") == null;
    }

    /** One model's entry, or null when it has no usable id (or is no object). */
    public static DiscoveredModel model(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return null;
        }
        String id = DiscoveryJson.id(entry, "id");
        if (id == null) {
            return null;
        }
        JsonNode tokenlab = DiscoveryJson.object(entry, "tokenlab");
        JsonNode summary = summary(entry);
        List<JsonNode> constraints = constraints(summary);
        return new DiscoveredModel(PROVIDER, id,
                DiscoveryJson.text(entry, "owned_by", DiscoveryJson.MAX_NAME),
                DiscoveryJson.text(entry, "name", DiscoveryJson.MAX_NAME),
                DiscoveryJson.text(entry, "description", DiscoveryJson.MAX_DESCRIPTION),
                true,
                operations(summary, constraints),
                limits(constraints),
                List.of(), List.of(),
                lifecycle(id, DiscoveryJson.objectIn(entry, tokenlab, "lifecycle")),
                serviceLimits(DiscoveryJson.objectIn(entry, tokenlab, "service_limits")),
                format(summary, constraints));
    }

    private static JsonNode summary(JsonNode entry) {
        return DiscoveryJson.objectIn(DiscoveryJson.object(entry, "tokenlab"), entry, "request_format_summary");
    }

    /** {@code operation_constraints} as an array of objects, or as an object keyed by operation. */
    private static List<JsonNode> constraints(JsonNode summary) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = summary == null ? null : summary.get("operation_constraints");
        if (v == null) {
            return out;
        }
        if (v.isArray()) {
            for (int i = 0; i < v.size() && i < DiscoveryJson.MAX_ITEMS; i++) {
                if (v.get(i).isObject()) {
                    out.add(v.get(i));
                }
            }
        } else if (v.isObject()) {
            var fields = v.fields();
            for (int i = 0; fields.hasNext() && i < DiscoveryJson.MAX_ITEMS; i++) {
                var field = fields.next();
                if (field.getValue().isObject()) {
                    var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) field.getValue()).deepCopy();
                    copy.put("operation", field.getKey());
                    out.add(copy);
                }
            }
        }
        return out;
    }

    /**
     * The operations {@code supported_operations} names and those {@code operation_constraints} has an entry for:
     * a constraint documents an operation the model takes (audio-to-video and video-extension are offered only where
     * a model's entry says so, per the seed). Names of no operation Reelay knows are left out.
     */
    private static Set<Operation> operations(JsonNode summary, List<JsonNode> constraints) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        DiscoveryJson.list(summary, "supported_operations", DiscoveryJson::shortText)
                .forEach(name -> Operation.fromWire(name).ifPresent(ops::add));
        for (JsonNode c : constraints) {
            Operation.fromWire(DiscoveryJson.text(c, "operation", DiscoveryJson.MAX_SHORT)).ifPresent(ops::add);
        }
        return ops;
    }

    /** The largest max_items each kind of reference input is documented with, over every operation. */
    private static InputLimits limits(List<JsonNode> constraints) {
        Integer images = null;
        Integer videos = null;
        Integer audios = null;
        for (JsonNode c : constraints) {
            for (JsonNode input : DiscoveryJson.list(c, "documented_inputs", v -> v.isObject() ? v : null)) {
                String name = DiscoveryJson.text(input, "name", DiscoveryJson.MAX_SHORT);
                Integer max = DiscoveryJson.positive(input, "max_items");
                if (name == null || max == null) {
                    continue;
                }
                switch (name) {
                    case "reference_images", "image_urls" -> images = larger(images, max);
                    case "reference_videos", "video_urls" -> videos = larger(videos, max);
                    case "reference_audios", "audio_urls" -> audios = larger(audios, max);
                    default -> {
                        // not a reference input
                    }
                }
            }
        }
        return images == null && videos == null && audios == null ? null : new InputLimits(images, videos, audios);
    }

    private static Integer larger(Integer a, int b) {
        return a == null ? Integer.valueOf(b) : Integer.valueOf(Math.max(a, b));
    }

    /** A lifecycle; a model named as its own replacement has none. */
    static ModelLifecycle lifecycle(String id, JsonNode l) {
        if (l == null) {
            return null;
        }
        String replacement = DiscoveryJson.id(l, "replacement_model");
        replacement = id.equals(replacement) ? null : replacement;
        return new ModelLifecycle(DiscoveryJson.text(l, "stage", DiscoveryJson.MAX_SHORT),
                DiscoveryJson.instant(l, "deprecated_at"), DiscoveryJson.instant(l, "retired_at"),
                DiscoveryJson.instant(l, "sunset_at"), replacement);
    }

    private static ServiceLimits serviceLimits(JsonNode l) {
        if (l == null) {
            return null;
        }
        ServiceLimits limits = new ServiceLimits(DiscoveryJson.positive(l, "online_rpm"),
                DiscoveryJson.positive(l, "concurrency"), DiscoveryJson.positive(l, "prompt_max_characters"));
        return limits.none() ? null : limits;
    }

    /**
     * The summary's durations, resolutions and aspect ratios; a list the summary leaves out (or gives with nothing
     * readable) is the union of the operations' {@code allowed_*} lists. Null when neither says anything.
     */
    private static RequestFormat format(JsonNode summary, List<JsonNode> constraints) {
        if (summary == null) {
            return null;
        }
        RequestFormat format = new RequestFormat(
                orUnion(DiscoveryJson.list(summary, "durations", DiscoveryJson::seconds), constraints,
                        "allowed_durations", DiscoveryJson::seconds),
                orUnion(DiscoveryJson.list(summary, "resolutions", DiscoveryJson::shortText), constraints,
                        "allowed_resolutions", DiscoveryJson::shortText),
                orUnion(DiscoveryJson.list(summary, "aspect_ratios", DiscoveryJson::shortText), constraints,
                        "allowed_aspect_ratios", DiscoveryJson::shortText));
        return format.equals(RequestFormat.NONE) ? null : format;
    }

    private static <T> List<T> orUnion(List<T> stated, List<JsonNode> constraints, String field,
            Function<JsonNode, T> item) {
        if (!stated.isEmpty()) {
            return stated;
        }
        List<T> union = new ArrayList<>();
        for (JsonNode c : constraints) {
            for (T value : DiscoveryJson.list(c, field, item)) {
                if (!union.contains(value) && union.size() < DiscoveryJson.MAX_ITEMS) {
                    union.add(value);
                }
            }
        }
        return union;
    }
}
