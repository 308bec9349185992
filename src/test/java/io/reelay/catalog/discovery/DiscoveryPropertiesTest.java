package io.reelay.catalog.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.catalog.CatalogOverlay;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.catalog.ParameterType;
import io.reelay.catalog.RequestFormat;
import io.reelay.catalog.sync.CatalogCodec;
import io.reelay.config.TestConfig;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.intake.validation.Validated;
import io.reelay.upstream.HostileJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Thousands of generated discovery answers, near the documented shapes and far from them: reading one never throws,
 * laying what it says over the shipped catalog always gives a valid catalog that still has every shipped model, and
 * every entry read survives the catalog topic unchanged.
 */
class DiscoveryPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ModelCatalog SHIPPED = ModelCatalog.load();
    private static final ModelCatalog FORMATTED = formatted();
    private static final List<String> FIELDS = List.of("id", "model", "name", "owned_by", "vendor", "description",
            "category", "capability", "lifecycle", "stage", "deprecated_at", "retired_at", "sunset_at",
            "replacement_model", "tokenlab", "request_format_summary", "supported_operations", "durations",
            "resolutions", "aspect_ratios", "operation_constraints", "operation", "documented_inputs", "max_items",
            "service_limits", "online_rpm", "concurrency", "prompt_max_characters", "input_schema", "properties",
            "required", "oneOf", "type", "default", "enum", "minimum", "maximum", "maxLength", "maxItems", "prompt",
            "duration", "seed", "reference_images", "video_urls", "audio_urls", "image_urls");

    @Property(tries = 500)
    void tokenLabAnswersNeverThrowAndNeverBreakTheCatalog(@ForAll("answers") JsonNode answer) {
        check(TokenLabModels.list(answer));
    }

    @Property(tries = 1500)
    void shapedTokenLabAnswersNeverThrowAndNeverBreakTheCatalog(@ForAll long seed) {
        check(TokenLabModels.list(new ShapedAnswers(seed).tokenLabList()));
    }

    /**
     * Over a catalog whose TokenLab models all list a format of their own: a discovered list replaces the model's
     * list, and one discovery gives empty (or nothing readable) keeps it; never does a model end with a list emptied.
     * Validating a request against the result never throws, and refuses exactly the values the model does not list.
     */
    @Property(tries = 1500)
    void discoveredFormatsReplaceOrKeepTheModelsValuesAndAreEnforced(@ForAll long seed) {
        Discovery discovery = TokenLabModels.list(new ShapedAnswers(seed).tokenLabList());
        check(discovery, FORMATTED);
        ModelCatalog merged = CatalogOverlay.overlay(FORMATTED, discovery.models()).catalog();

        for (DiscoveredModel d : discovery.models()) {
            ModelSpec before = FORMATTED.find(d.provider(), d.id()).orElse(null);
            ModelSpec after = merged.find(d.provider(), d.id()).orElse(null);
            if (after == null) {
                continue; // a new model discovery gave no operation: not added
            }
            RequestFormat stated = d.format() == null ? RequestFormat.NONE : d.format();
            if (before != null) {
                assertThat(after.format().durations()).isNotEmpty()
                        .isIn(before.format().durations(), stated.durations());
                assertThat(after.format().resolutions()).isNotEmpty()
                        .isIn(before.format().resolutions(), stated.resolutions());
                assertThat(after.format().aspectRatios()).isNotEmpty()
                        .isIn(before.format().aspectRatios(), stated.aspectRatios());
            }
            enforced(merged, after, new java.util.Random(seed));
        }
    }

    /** A text request with a random duration, resolution and aspect ratio is refused for each value not listed. */
    private static void enforced(ModelCatalog catalog, ModelSpec model, java.util.Random random) {
        int duration = 1 + random.nextInt(20);
        String resolution = List.of("480p", "720p", "1080p", "4k", "8k").get(random.nextInt(5));
        String ratio = List.of("16:9", "9:16", "1:1", "21:9").get(random.nextInt(4));
        Operation operation = model.operations().iterator().next();
        Validated v = new RequestValidator(catalog, TestConfig.defaults().validation()).revalidate(VideoRequest
                .builder("r-1", model.id()).provider(model.provider()).operation(operation.wireName())
                .prompt("a lighthouse").duration(duration).resolution(resolution).aspectRatio(ratio).build());

        RequestFormat f = model.format();
        assertThat(codes(v, "duration")).isEqualTo(!f.durations().isEmpty() && !f.durations().contains(duration)
                ? List.of("invalid_value") : List.of());
        assertThat(codes(v, "resolution")).isEqualTo(!f.resolutions().isEmpty()
                && !f.resolutions().contains(resolution) ? List.of("invalid_value") : List.of());
        assertThat(codes(v, "aspect_ratio")).isEqualTo(!f.aspectRatios().isEmpty()
                && !f.aspectRatios().contains(ratio) ? List.of("invalid_value") : List.of());
        v.errors().stream().filter(e -> e.field().equals("resolution")).forEach(e -> assertThat(e.allowed())
                .isEqualTo(f.resolutions()));
    }

    private static List<String> codes(Validated v, String field) {
        return v.errors().stream().filter(e -> e.field().equals(field)).map(ValidationError::code).toList();
    }

    /** The shipped catalog with a format on every TokenLab model (the file states none yet). */
    private static ModelCatalog formatted() {
        List<DiscoveredModel> formats = SHIPPED.all().stream().filter(m -> m.provider().equals("tokenlab"))
                .map(m -> new DiscoveredModel(m.provider(), m.id(), null, null, null, null, null, null, null, null,
                        null, null, new RequestFormat(List.of(5, 10), List.of("720p", "1080p"), List.of("16:9"))))
                .toList();
        CatalogOverlay.Result result = CatalogOverlay.overlay(SHIPPED, formats);
        assertThat(result.rejected()).isZero();
        return result.catalog();
    }

    @Property(tries = 1500)
    void shapedHubAnswersNeverThrowAndNeverBreakTheCatalog(@ForAll long seed) {
        ShapedAnswers answers = new ShapedAnswers(seed);
        check(HubModels.list(answers.hubList()));
        DiscoveredModel detail = HubModels.model(answers.hubEntry());
        if (detail != null) {
            check(new Discovery("hub", List.of(detail), java.util.Set.of(detail.id()), 0));
        }
    }

    @Property(tries = 500)
    void hubAnswersNeverThrowAndNeverBreakTheCatalog(@ForAll("answers") JsonNode answer) {
        check(HubModels.list(answer));
        if (answer.isObject()) {
            DiscoveredModel detail = HubModels.model(answer);
            if (detail != null) {
                check(new Discovery("hub", List.of(detail), java.util.Set.of(detail.id()), 0));
            }
        }
    }

    private static void check(Discovery discovery) {
        check(discovery, SHIPPED);
    }

    private static void check(Discovery discovery, ModelCatalog base) {
        CatalogOverlay.Result result = CatalogOverlay.overlay(base, discovery.models());

        ModelCatalog merged = result.catalog();
        net.jqwik.api.statistics.Statistics.label("entries read").collect(Math.min(discovery.models().size(), 3));
        net.jqwik.api.statistics.Statistics.label("changed the catalog")
                .collect(!merged.all().equals(base.all()));
        for (ModelSpec shipped : base.all()) {
            assertThat(merged.find(shipped.provider(), shipped.id())).as(shipped.id()).isPresent();
        }
        // A catalog built from the merged entries again passes every rule (withModels checks them all).
        assertThat(merged.all().size()).isGreaterThanOrEqualTo(base.all().size());
        for (DiscoveredModel model : discovery.models()) {
            assertThat(CatalogCodec.encode(model).flatMap(bytes -> CatalogCodec.decode(model.key(), bytes)))
                    .as("topic round trip of %s", model.id()).contains(model);
        }
    }

    @Provide
    Arbitrary<JsonNode> answers() {
        Arbitrary<JsonNode> list = entries().list().ofMaxSize(8).map(items -> {
            ArrayNode data = NODES.arrayNode();
            items.forEach(data::add);
            ObjectNode answer = NODES.objectNode().put("object", "list");
            answer.set("data", data);
            return answer;
        });
        return Arbitraries.frequencyOf(Tuple.of(8, list), Tuple.of(2, entries()),
                Tuple.of(1, HostileJson.values(3)));
    }

    private static Arbitrary<JsonNode> entries() {
        return Arbitraries.frequencyOf(Tuple.of(3, objects(4)), Tuple.of(1, HostileJson.values(2)));
    }

    private static Arbitrary<JsonNode> objects(int depth) {
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(FIELDS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        return Combinators.combine(name, values(depth)).as(Tuple::of).list().ofMaxSize(10).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(f -> node.set(f.get1(), f.get2()));
            return node;
        });
    }

    private static Arbitrary<JsonNode> values(int depth) {
        List<String> words = new ArrayList<>();
        SHIPPED.all().forEach(m -> words.add(m.id()));
        for (Operation op : Operation.values()) {
            words.add(op.wireName());
        }
        for (ParameterType type : ParameterType.values()) {
            words.add(type.wireName());
        }
        words.addAll(List.of("tokenlab", "hub", "object", "720p", "16:9", "8s", "2026-09-24T00:00:00Z",
                "2099-01-01T00:00:00Z", "now", "prompt", "multi_prompt", "reference_images", "video_urls"));
        Arbitrary<JsonNode> scalars = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(words).map(NODES::textNode)),
                Tuple.of(2, Arbitraries.integers().between(-5, 100).map(NODES::numberNode)),
                Tuple.of(1, Arbitraries.of(true, false).map(NODES::booleanNode)),
                Tuple.of(2, HostileJson.values(0)));
        if (depth <= 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = Arbitraries.lazy(() -> values(depth - 1)).list().ofMaxSize(5).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        return Arbitraries.frequencyOf(Tuple.of(5, scalars), Tuple.of(2, arrays),
                Tuple.of(3, Arbitraries.lazy(() -> objects(depth - 1))));
    }
}
