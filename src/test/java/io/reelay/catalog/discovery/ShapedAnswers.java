package io.reelay.catalog.discovery;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.Operation;
import io.reelay.catalog.ParameterType;

/**
 * Discovery answers in the documented shapes, built from a seed: every documented field present or not, each holding
 * a plausible value most of the time and a hostile one (wrong type, out of range, huge, control characters) otherwise,
 * with extra fields. So most entries are read and change the catalog, and each rule of the readers is hit.
 */
final class ShapedAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> TOKENLAB_IDS = ModelCatalog.load().all().stream()
            .filter(m -> m.provider().equals("tokenlab")).map(m -> m.id()).toList();
    private static final List<String> HUB_IDS = ModelCatalog.load().all().stream()
            .filter(m -> m.provider().equals("hub")).map(m -> m.id()).toList();
    private static final List<String> INPUTS = List.of("prompt", "reference_images", "image_urls", "video_urls",
            "audio_urls", "reference_videos", "reference_audios", "image_url", "start_image");
    private static final List<String> PARAMETERS = List.of("prompt", "duration", "resolution", "aspect_ratio", "seed",
            "multi_prompt", "generate_audio", "cfg_scale", "negative_prompt", "audio_url", "bad name", "");

    private final Random random;

    ShapedAnswers(long seed) {
        this.random = new Random(seed);
    }

    ObjectNode tokenLabList() {
        return list(() -> tokenLabEntry());
    }

    ObjectNode hubList() {
        return list(() -> hubEntry());
    }

    private ObjectNode list(java.util.function.Supplier<JsonNode> entry) {
        ArrayNode data = NODES.arrayNode();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            data.add(random.nextInt(10) == 0 ? hostile() : entry.get());
        }
        ObjectNode answer = NODES.objectNode().put("object", "list");
        answer.set(random.nextInt(10) == 0 ? "models" : "data", data);
        return answer;
    }

    JsonNode tokenLabEntry() {
        ObjectNode e = NODES.objectNode();
        put(e, "id", () -> NODES.textNode(id(TOKENLAB_IDS)));
        put(e, "owned_by", () -> NODES.textNode(pick(List.of("google", "openai", "bytedance", "x"))));
        put(e, "name", () -> NODES.textNode("Model " + random.nextInt(100)));
        put(e, "lifecycle", () -> lifecycle(TOKENLAB_IDS));
        put(e, "service_limits", () -> {
            ObjectNode l = NODES.objectNode();
            put(l, "online_rpm", this::smallInt);
            put(l, "concurrency", this::smallInt);
            put(l, "prompt_max_characters", () -> NODES.numberNode(random.nextInt(6000) - 10));
            return l;
        });
        ObjectNode summary = NODES.objectNode();
        put(summary, "supported_operations", () -> strings(operations()));
        put(summary, "durations", this::durations);
        put(summary, "resolutions", this::resolutions);
        put(summary, "aspect_ratios", this::aspectRatios);
        put(summary, "operation_constraints", () -> {
            ArrayNode a = NODES.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
                ObjectNode c = NODES.objectNode();
                put(c, "operation", () -> NODES.textNode(pick(operations())));
                put(c, "allowed_durations", this::durations);
                put(c, "allowed_resolutions", this::resolutions);
                put(c, "allowed_aspect_ratios", this::aspectRatios);
                put(c, "documented_inputs", () -> {
                    ArrayNode inputs = NODES.arrayNode();
                    for (int j = random.nextInt(4); j > 0; j--) {
                        ObjectNode input = NODES.objectNode();
                        put(input, "name", () -> NODES.textNode(pick(INPUTS)));
                        put(input, "max_items", this::smallInt);
                        inputs.add(input);
                    }
                    return inputs;
                });
                a.add(c);
            }
            return a;
        });
        ObjectNode tokenlab = NODES.objectNode();
        tokenlab.set("request_format_summary", summary);
        put(e, "tokenlab", () -> tokenlab);
        e.put("extra_" + random.nextInt(5), random.nextInt());
        return e;
    }

    /** Seconds as numbers or "8s", some out of range, a few of no use at all. */
    private ArrayNode durations() {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(6); i > 0; i--) {
            a.add(switch (random.nextInt(6)) {
                case 0 -> NODES.textNode(random.nextInt(20) + "s");
                case 1 -> hostile();
                default -> NODES.numberNode(random.nextInt(30) - 2);
            });
        }
        return a;
    }

    private ArrayNode resolutions() {
        ArrayNode a = strings(List.of("480p", "720p", "1080p", "4k"));
        if (random.nextInt(5) == 0) {
            a.add(hostile());
        }
        return a;
    }

    private ArrayNode aspectRatios() {
        ArrayNode a = strings(List.of("16:9", "9:16", "1:1"));
        if (random.nextInt(5) == 0) {
            a.add(hostile());
        }
        return a;
    }

    JsonNode hubEntry() {
        ObjectNode e = NODES.objectNode();
        put(e, random.nextInt(5) == 0 ? "model" : "id", () -> NODES.textNode(id(HUB_IDS)));
        put(e, "vendor", () -> NODES.textNode("vendor"));
        put(e, "category", () -> NODES.textNode(pick(operations())));
        put(e, "lifecycle", () -> lifecycle(HUB_IDS));
        put(e, "input_schema", () -> {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            ObjectNode properties = NODES.objectNode();
            for (int i = random.nextInt(7); i > 0; i--) {
                properties.set(pick(PARAMETERS), parameter());
            }
            schema.set("properties", properties);
            put(schema, "required", () -> strings(PARAMETERS));
            put(schema, "oneOf", () -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    ObjectNode alt = NODES.objectNode();
                    alt.set("required", NODES.arrayNode().add(pick(PARAMETERS)));
                    a.add(alt);
                }
                return a;
            });
            return schema;
        });
        return e;
    }

    private JsonNode parameter() {
        ObjectNode p = NODES.objectNode();
        String type = random.nextInt(8) == 0 ? "object" : pick(List.of(ParameterType.values())).wireName();
        put(p, "type", () -> NODES.textNode(type));
        put(p, "default", this::scalar);
        put(p, "enum", () -> {
            ArrayNode a = NODES.arrayNode();
            for (int i = random.nextInt(5); i > 0; i--) {
                a.add(scalar());
            }
            return a;
        });
        put(p, "minimum", this::smallInt);
        put(p, "maximum", this::smallInt);
        put(p, "maxLength", this::smallInt);
        put(p, "maxItems", this::smallInt);
        put(p, "required", () -> NODES.booleanNode(random.nextBoolean()));
        put(p, "description", () -> NODES.textNode("d\u0000\n" + "x".repeat(random.nextInt(3000))));
        return p;
    }

    private JsonNode lifecycle(List<String> ids) {
        ObjectNode l = NODES.objectNode();
        put(l, "stage", () -> NODES.textNode(pick(List.of("active", "deprecated", "retired"))));
        put(l, "deprecated_at", this::instant);
        put(l, "retired_at", this::instant);
        put(l, "sunset_at", this::instant);
        put(l, "replacement_model", () -> NODES.textNode(id(ids)));
        return l;
    }

    private JsonNode instant() {
        return random.nextBoolean() ? NODES.textNode(pick(List.of("2026-09-24T00:00:00Z", "2099-01-01T00:00:00Z",
                "2026-12-02T12:00:00Z", "1999-01-01T00:00:00Z", "now")))
                : NODES.numberNode(1_700_000_000L + random.nextInt(200_000_000));
    }

    private JsonNode scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> NODES.textNode(pick(List.of("5", "8s", "720p", "16:9", "auto")));
            case 1 -> NODES.numberNode(random.nextInt(20) - 2);
            case 2 -> NODES.numberNode(random.nextDouble());
            case 3 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.arrayNode().add("a");
        };
    }

    private JsonNode smallInt() {
        return NODES.numberNode(random.nextInt(40) - 3);
    }

    private String id(List<String> known) {
        return switch (random.nextInt(8)) {
            case 0 -> "new-model-" + random.nextInt(5);
            case 1 -> pick(List.of("", " ", "bad id", "x".repeat(300), "a\nb", "../etc"));
            default -> pick(known);
        };
    }

    private List<String> operations() {
        return java.util.Arrays.stream(Operation.values()).map(Operation::wireName).toList();
    }

    private ArrayNode strings(List<String> from) {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            a.add(pick(from));
        }
        return a;
    }

    /** The field, present 3 times in 4: its plausible value 4 times in 5, else a hostile one. */
    private void put(ObjectNode node, String field, java.util.function.Supplier<JsonNode> value) {
        if (random.nextInt(4) == 0) {
            return;
        }
        node.set(field, random.nextInt(5) == 0 ? hostile() : value.get());
    }

    private JsonNode hostile() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.numberNode(new BigDecimal("1e400"));
            case 3 -> NODES.numberNode(Double.NaN);
            case 4 -> NODES.numberNode(-1L << 62);
            case 5 -> NODES.textNode("\u0000\r\n" + "z".repeat(random.nextInt(20_000)));
            case 6 -> NODES.arrayNode().add(NODES.objectNode()).add(7);
            case 7 -> NODES.objectNode().put("id", 5);
            default -> NODES.booleanNode(true);
        };
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
