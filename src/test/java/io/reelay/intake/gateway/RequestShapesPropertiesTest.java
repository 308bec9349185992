package io.reelay.intake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.ParameterSpec;
import io.reelay.config.TestConfig;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Flat and {@code input}-shaped requests of the same content are judged identically: for requests generated from
 * every parameter-table model's own table (valid values, values out of their rules, wrong types, blanks, Reelay's
 * named fields beside the parameters, unknown names), both shapes get the same outcome, the same provider and the
 * same (field, code) errors.
 */
class RequestShapesPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelCatalog CATALOG = ModelCatalog.load();
    private static final RequestIntake INTAKE = new RequestIntake(new RequestValidator(CATALOG,
            TestConfig.defaults().validation(), TestConfig.defaults().build().routing().models()));
    private static final List<ModelSpec> TABLE_MODELS = CATALOG.all().stream().filter(ModelSpec::hasParameterTable)
            .toList();
    /** Reelay's named fields a producer may send beside a table's parameters. */
    private static final List<String> NAMED = List.of("prompt", "duration", "resolution", "aspect_ratio",
            "output_audio", "image_url", "audio_url", "video_url", "negative_prompt", "fps");

    /**
     * Over a thousand per model (the models are drawn evenly). Edge cases off: jqwik combines those of every
     * parameter of a table, which takes minutes and adds nothing the random values miss.
     */
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void bothShapesOfARequestAreJudgedAlike(@ForAll("requests") ObjectNode flat) {
        RequestIntake.Outcome fromFlat = read(flat);
        RequestIntake.Outcome fromInput = read(GatewayCases.hubShape(flat));

        assertThat(fromInput.getClass()).as("%s", flat).isEqualTo(fromFlat.getClass());
        assertThat(errors(fromInput)).as("%s", flat).isEqualTo(errors(fromFlat));
        if (fromFlat instanceof RequestIntake.Accepted a && fromInput instanceof RequestIntake.Accepted b) {
            assertThat(b.validation().model()).isEqualTo(a.validation().model());
            assertThat(b.request().toBuilder().inputShaped(false).build()).as("%s", flat).isEqualTo(a.request());
        }
    }

    @Provide
    Arbitrary<ObjectNode> requests() {
        return Arbitraries.of(TABLE_MODELS).flatMap(model -> {
            List<String> names = new ArrayList<>(model.parameters().stream().map(ParameterSpec::name).toList());
            NAMED.stream().filter(n -> !names.contains(n)).forEach(names::add);
            return Arbitraries.subsetOf(names).flatMap(chosen -> {
                List<Arbitrary<Map.Entry<String, JsonNode>>> entries = chosen.stream()
                        .map(name -> value(model, name).map(v -> Map.entry(name, v))).toList();
                return Combinators.combine(entries).as(list -> {
                    ObjectNode body = JSON.createObjectNode();
                    body.put("model", model.id());
                    list.forEach(e -> body.set(e.getKey(), e.getValue()));
                    return body;
                });
            });
        });
    }

    private static Arbitrary<JsonNode> value(ModelSpec model, String name) {
        Arbitrary<JsonNode> anyType = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(6).map(TextNode::valueOf),
                Arbitraries.integers().between(-3, 20).map(IntNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE),
                Arbitraries.just(TextNode.valueOf(" ")));
        ParameterSpec spec = model.parameter(name).orElse(null);
        if (spec == null) {
            return switch (name) {
                case "duration" -> Arbitraries.oneOf(durations(), anyType);
                case "output_audio" -> Arbitraries.oneOf(Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE), anyType);
                case "image_url", "audio_url", "video_url" -> urls();
                default -> anyType;
            };
        }
        List<Arbitrary<JsonNode>> choices = new ArrayList<>();
        choices.add(anyType);
        if (!spec.values().isEmpty()) {
            choices.add(Arbitraries.of(spec.values()));
            choices.add(Arbitraries.of(spec.values()));
        }
        switch (spec.type()) {
            case INTEGER -> choices.add(Arbitraries.longs()
                    .between(bound(spec.min(), -5) - 2, bound(spec.max(), 50) + 2).map(LongNode::valueOf));
            case NUMBER -> choices.add(Arbitraries.doubles().between(-1, 2).ofScale(2).map(DoubleNode::valueOf));
            case BOOLEAN -> choices.add(Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE));
            case STRING -> {
                choices.add(name.endsWith("_url") ? urls() : Arbitraries.strings().alpha().ofMaxLength(12)
                        .map(TextNode::valueOf));
                if (spec.maxLength() != null) {
                    choices.add(Arbitraries.of(TextNode.valueOf("a".repeat(spec.maxLength())),
                            TextNode.valueOf("a".repeat(spec.maxLength() + 1))));
                }
            }
            case ARRAY -> choices.add(shots());
        }
        if (name.equals("duration")) {
            choices.add(durations());
        }
        return Arbitraries.oneOf(choices);
    }

    /** Whole seconds as a number, a string, or a string with s, and a few that are none of those. */
    private static Arbitrary<JsonNode> durations() {
        return Arbitraries.integers().between(0, 17).flatMap(s -> Arbitraries.of(IntNode.valueOf(s),
                TextNode.valueOf(Integer.toString(s)), TextNode.valueOf(s + "s"), DoubleNode.valueOf(s + 0.5),
                TextNode.valueOf(s + " seconds")));
    }

    private static Arbitrary<JsonNode> urls() {
        return Arbitraries.of("https://example.com/a.mp3", "http://example.com/a.mp3", "https://10.0.0.1/a.mp3",
                "ftp://example.com/a", "not a url").map(TextNode::valueOf);
    }

    /** Kling's multi_prompt: empty, or shots with a prompt and a duration. */
    private static Arbitrary<JsonNode> shots() {
        Arbitrary<JsonNode> shot = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(8),
                Arbitraries.of("3", "5", "16")).as((p, d) -> {
                    ObjectNode s = JSON.createObjectNode();
                    s.put("prompt", p);
                    s.put("duration", d);
                    return s;
                });
        return shot.list().ofMaxSize(3).map(list -> {
            ArrayNode a = JSON.createArrayNode();
            list.forEach(a::add);
            return a;
        });
    }

    private static long bound(BigDecimal value, long otherwise) {
        return value == null ? otherwise : value.longValue();
    }

    private static RequestIntake.Outcome read(ObjectNode body) {
        ObjectNode withId = JSON.createObjectNode();
        withId.put("request_id", "r-1");
        withId.setAll(body);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        return INTAKE.read("r-1", withId.toString().getBytes(StandardCharsets.UTF_8), headers,
                Instant.parse("2026-12-02T12:00:00Z"));
    }

    private static List<String> errors(RequestIntake.Outcome outcome) {
        if (outcome instanceof RequestIntake.Refused r) {
            return r.validation().errors().stream().map(e -> e.field() + ":" + e.code()).sorted().toList();
        }
        if (outcome instanceof RequestIntake.Undecodable u) {
            return List.of("undecodable:" + u.reason());
        }
        return List.of();
    }
}
