package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/** The catalog shipped in catalog/models.yaml against the two seed documents, model by model. */
class ShippedCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load();

    /** TokenLab's public list (seed 000), family by family, plus the two documented-only Seedance 2.0 models. */
    private static final Map<String, List<String>> TOKENLAB_BY_VENDOR = Map.of(
            "OpenAI", List.of("sora-2", "sora-2-pro", "sora-2-pro-storyboard"),
            "Kuaishou", List.of("kling-3.0-motion-control", "kling-3.0-video", "kling-v2.1-master", "kling-v2.1-pro",
                    "kling-v2.1-standard", "kling-v2.5-turbo-pro", "kling-v2.5-turbo-std", "kling-v2.6-pro",
                    "kling-v2.6-std", "kling-v3.0-pro", "kling-v3.0-std", "kling-video-o1-pro", "kling-video-o1-std"),
            "Google", List.of("veo3", "veo3-fast", "veo3-pro", "veo3.1", "veo3.1-fast", "veo3.1-pro"),
            "ByteDance", List.of("seedance-1.5-pro", "seedance-2.0", "seedance-2.0-fast"),
            "MiniMax", List.of("hailuo-2.3-fast", "hailuo-2.3-pro", "hailuo-2.3-standard"),
            "Alibaba", List.of("wan-2.2-plus", "wan-2.5", "wan-2.6"),
            "Shengshu", List.of("viduq2", "viduq2-pro", "viduq2-pro-fast", "viduq2-turbo", "viduq3-pro", "viduq3-turbo"),
            "xAI", List.of("grok-imagine-video", "grok-imagine-image-to-video", "grok-imagine-text-to-video",
                    "grok-imagine-upscale"),
            "Other", List.of("topaz-video-upscale"));

    /** The hub's text-to-video models (seed 003), with their makers. */
    private static final Map<String, String> HUB_VENDORS = Map.of(
            "veo-3.1", "Google", "veo-3.1-fast", "Google", "veo-3.1-lite", "Google", "veo-3",
            "Google", "kling-v3-standard", "Kuaishou", "kling-v3-pro", "Kuaishou", "wan-2.7", "Alibaba",
            "seedance-2.0", "ByteDance", "seedance-2.0-fast", "ByteDance");

    @Test
    void tokenLabHasExactlyTheSeedsModelsWithTheirFamilies() {
        Map<String, String> expected = TOKENLAB_BY_VENDOR.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(id -> Map.entry(id, e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(vendorsOf("tokenlab")).containsExactlyInAnyOrderEntriesOf(expected).hasSize(42);
    }

    @Test
    void hubHasExactlyTheSeedsNineModelsWithTheirMakers() {
        assertThat(vendorsOf("hub")).containsExactlyInAnyOrderEntriesOf(HUB_VENDORS);
    }

    @Test
    void noOtherProvider() {
        assertThat(CATALOG.all()).extracting(ModelSpec::provider).containsOnly("tokenlab", "hub");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "sora-2;                      text-to-video image-to-video",
        "sora-2-pro;                  text-to-video image-to-video",
        "sora-2-pro-storyboard;       image-to-video",
        "kling-3.0-motion-control;    motion-control",
        "kling-3.0-video;             text-to-video image-to-video start-end-to-video",
        "kling-v2.1-master;           text-to-video image-to-video",
        "kling-v2.1-pro;              image-to-video start-end-to-video",
        "kling-v2.1-standard;         image-to-video",
        "kling-v2.5-turbo-pro;        text-to-video image-to-video start-end-to-video",
        "kling-v2.5-turbo-std;        text-to-video image-to-video",
        "kling-v2.6-pro;              text-to-video image-to-video start-end-to-video",
        "kling-v2.6-std;              text-to-video image-to-video",
        "kling-v3.0-pro;              text-to-video image-to-video start-end-to-video",
        "kling-v3.0-std;              text-to-video image-to-video start-end-to-video",
        "kling-video-o1-pro;          text-to-video image-to-video reference-to-video start-end-to-video video-to-video",
        "kling-video-o1-std;          text-to-video image-to-video reference-to-video start-end-to-video video-to-video",
        "veo3;                        text-to-video image-to-video",
        "veo3-fast;                   text-to-video image-to-video",
        "veo3-pro;                    text-to-video image-to-video",
        "veo3.1;                      text-to-video image-to-video reference-to-video start-end-to-video",
        "veo3.1-fast;                 text-to-video image-to-video reference-to-video start-end-to-video",
        "veo3.1-pro;                  text-to-video image-to-video start-end-to-video",
        "seedance-1.5-pro;            text-to-video image-to-video",
        "seedance-2.0;                reference-to-video",
        "seedance-2.0-fast;           reference-to-video",
        "hailuo-2.3-fast;             image-to-video",
        "hailuo-2.3-pro;              text-to-video image-to-video",
        "hailuo-2.3-standard;         text-to-video image-to-video",
        "wan-2.2-plus;                text-to-video image-to-video",
        "wan-2.5;                     text-to-video image-to-video",
        "wan-2.6;                     text-to-video image-to-video reference-to-video",
        "viduq2;                      text-to-video reference-to-video",
        "viduq2-pro;                  image-to-video reference-to-video start-end-to-video",
        "viduq2-pro-fast;             image-to-video start-end-to-video",
        "viduq2-turbo;                image-to-video start-end-to-video",
        "viduq3-pro;                  text-to-video image-to-video start-end-to-video",
        "viduq3-turbo;                text-to-video image-to-video start-end-to-video",
        "grok-imagine-video;          text-to-video image-to-video",
        "grok-imagine-image-to-video; image-to-video",
        "grok-imagine-text-to-video;  text-to-video",
        "grok-imagine-upscale;        video-to-video",
        "topaz-video-upscale;         video-to-video",
    })
    void tokenLabModelOffersExactlyTheSeedsOperations(String id, String operations) {
        Set<Operation> expected = Arrays.stream(operations.trim().split("\\s+"))
                .map(name -> Operation.fromWire(name).orElseThrow())
                .collect(Collectors.toSet());

        assertThat(tokenLab(id).operations()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void onlyTheDocumentedOnlySeedanceModelsAreUnlistedAndTheyCarryTheReferenceLimits() {
        assertThat(CATALOG.all()).filteredOn(Predicate.not(ModelSpec::listed))
                .extracting(ModelSpec::provider, ModelSpec::id)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("tokenlab", "seedance-2.0"),
                        org.assertj.core.groups.Tuple.tuple("tokenlab", "seedance-2.0-fast"));
        assertThat(tokenLab("seedance-2.0").limits()).isEqualTo(new InputLimits(9, 3, 3));
        assertThat(tokenLab("seedance-2.0-fast").limits()).isEqualTo(new InputLimits(9, 3, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sora-2", "sora-2-pro", "sora-2-pro-storyboard"})
    void retiredSoraModelsStayListedAndSaySo(String id) {
        assertThat(tokenLab(id).listed()).isTrue();
        assertThat(tokenLab(id).description()).contains("Retired").contains("September 2026");
    }

    @Test
    void tokenLabModelsTakeNoParameterTableAndHubModelsDo() {
        assertThat(CATALOG.all()).filteredOn(m -> m.provider().equals("tokenlab"))
                .noneMatch(ModelSpec::hasParameterTable);
        assertThat(CATALOG.all()).filteredOn(m -> m.provider().equals("hub"))
                .allMatch(ModelSpec::hasParameterTable)
                .allMatch(m -> m.operations().equals(Set.of(Operation.TEXT_TO_VIDEO)))
                .allMatch(m -> m.name() != null && m.description() != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"veo-3.1", "veo-3.1-fast", "veo-3.1-lite", "veo-3", "kling-v3-standard", "kling-v3-pro",
        "wan-2.7", "seedance-2.0", "seedance-2.0-fast"})
    void everyHubModelHasAPromptParameter(String id) {
        ParameterSpec prompt = hub(id).parameter("prompt").orElseThrow();
        assertThat(prompt.type()).isEqualTo(ParameterType.STRING);
        // Kling takes prompt or multi_prompt, so neither is required on its own.
        assertThat(prompt.required()).isEqualTo(!id.startsWith("kling"));
    }

    @Test
    void veoDurationsAndResolutionsFollowTheTables() {
        for (String id : List.of("veo-3.1", "veo-3.1-fast", "veo-3.1-lite", "veo-3")) {
            assertThat(strings(hub(id), "duration")).as(id).containsExactly("4s", "6s", "8s");
            assertThat(hub(id).parameter("duration").orElseThrow().defaultValue().textValue()).isEqualTo("8s");
        }
        assertThat(strings(hub("veo-3.1"), "resolution")).containsExactly("720p", "1080p", "4k");
        assertThat(strings(hub("veo-3.1-fast"), "resolution")).containsExactly("720p", "1080p", "4k");
        assertThat(strings(hub("veo-3.1-lite"), "resolution")).containsExactly("720p", "1080p");
        assertThat(strings(hub("veo-3"), "resolution")).containsExactly("720p", "1080p");
        assertThat(strings(hub("veo-3.1"), "safety_tolerance")).containsExactly("1", "2", "3", "4", "5", "6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kling-v3-standard", "kling-v3-pro"})
    void klingV3TakesPromptXorMultiPromptAndDurationsThreeToFifteen(String id) {
        ModelSpec kling = hub(id);
        assertThat(kling.oneOf()).containsExactly(List.of("prompt", "multi_prompt"));
        assertThat(kling.parameter("multi_prompt").orElseThrow().type()).isEqualTo(ParameterType.ARRAY);
        assertThat(strings(kling, "duration"))
                .containsExactlyElementsOf(IntStream.rangeClosed(3, 15).mapToObj(String::valueOf).toList());
        assertThat(kling.parameter("negative_prompt").orElseThrow().defaultValue().textValue())
                .isEqualTo("blur, distort, and low quality");
    }

    @Test
    void wanBoundsComeFromTheDescriptions() {
        ModelSpec wan = hub("wan-2.7");
        ParameterSpec duration = wan.parameter("duration").orElseThrow();
        assertThat(duration.type()).isEqualTo(ParameterType.INTEGER);
        assertThat(duration.values()).isEmpty();
        assertThat(duration.min()).isEqualByComparingTo("2");
        assertThat(duration.max()).isEqualByComparingTo("15");
        assertThat(wan.parameter("seed").orElseThrow().min()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(wan.parameter("seed").orElseThrow().max()).isEqualByComparingTo("2147483647");
        assertThat(wan.parameter("prompt").orElseThrow().maxLength()).isEqualTo(5000);
        assertThat(wan.parameter("negative_prompt").orElseThrow().maxLength()).isEqualTo(500);
    }

    @Test
    void hubSeedanceTiersDifferInResolution() {
        assertThat(strings(hub("seedance-2.0"), "resolution")).containsExactly("480p", "720p", "1080p");
        assertThat(strings(hub("seedance-2.0-fast"), "resolution")).containsExactly("480p", "720p");
        assertThat(strings(hub("seedance-2.0"), "duration"))
                .containsExactlyElementsOf(IntStream.rangeClosed(4, 15).mapToObj(String::valueOf).toList());
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
        "veo-3.1,           duration,         STRING,  8s",
        "veo-3.1,           auto_fix,         BOOLEAN, true",
        "veo-3.1,           safety_tolerance, STRING,  4",
        "veo-3.1-lite,      resolution,       STRING,  720p",
        "kling-v3-pro,      duration,         STRING,  5",
        "kling-v3-pro,      cfg_scale,        NUMBER,  0.5",
        "kling-v3-standard, shot_type,        STRING,  customize",
        "wan-2.7,           duration,         NUMBER,  5",
        "wan-2.7,           resolution,       STRING,  1080p",
        "wan-2.7,           enable_prompt_expansion, BOOLEAN, true",
        "seedance-2.0,      duration,         STRING,  4",
        "seedance-2.0,      aspect_ratio,     STRING,  auto",
    })
    void defaultsKeepTheirJsonType(String id, String parameter, JsonNodeType type, String text) {
        JsonNode value = hub(id).parameter(parameter).orElseThrow().defaultValue();
        assertThat(value.getNodeType()).isEqualTo(type);
        assertThat(value.asText()).isEqualTo(text);
    }

    @Test
    void wanDurationDefaultIsAnIntegerNotADecimal() {
        assertThat(hub("wan-2.7").parameter("duration").orElseThrow().defaultValue().isIntegralNumber()).isTrue();
    }

    @Test
    void everyDefaultMatchesItsParameterType() {
        assertThat(CATALOG.all()).flatExtracting(ModelSpec::parameters)
                .filteredOn(p -> p.defaultValue() != null)
                .isNotEmpty()
                .allMatch(p -> CatalogValidator.hasType(p.defaultValue(), p.type()), "default of its type");
    }

    @Test
    void aSharedIdResolvesThroughTheRoute() {
        assertThat(CATALOG.variants("seedance-2.0")).extracting(ModelSpec::provider).containsExactly("tokenlab", "hub");
        assertThat(CATALOG.find("seedance-2.0").orElseThrow().provider()).isEqualTo(ModelCatalog.DEFAULT_PROVIDER);

        ModelCatalog toHub = CATALOG.routedBy(id -> "hub");
        assertThat(toHub.find("seedance-2.0").orElseThrow().operations()).containsExactly(Operation.TEXT_TO_VIDEO);
        assertThat(toHub.find("veo3.1").orElseThrow().provider()).as("an unshared id keeps its entry")
                .isEqualTo("tokenlab");
        assertThat(CATALOG.find("hub", "veo3.1")).isEmpty();
        assertThat(CATALOG.find("no-such-model")).isEmpty();
    }

    private static Map<String, String> vendorsOf(String provider) {
        return CATALOG.all().stream().filter(m -> m.provider().equals(provider))
                .collect(Collectors.toMap(ModelSpec::id, ModelSpec::vendor));
    }

    private static ModelSpec tokenLab(String id) {
        return CATALOG.find("tokenlab", id).orElseThrow(() -> new AssertionError("no tokenlab model " + id));
    }

    private static ModelSpec hub(String id) {
        return CATALOG.find("hub", id).orElseThrow(() -> new AssertionError("no hub model " + id));
    }

    private static List<String> strings(ModelSpec model, String parameter) {
        return model.parameter(parameter).orElseThrow().values().stream().map(JsonNode::textValue).toList();
    }

    @Test
    void everyTokenLabModelListsItsPassThroughParametersAndHubModelsNone() {
        for (ModelSpec model : ModelCatalog.load().all()) {
            if (model.provider().equals("tokenlab")) {
                assertThat(model.passThrough()).as(model.id())
                        .extracting(ParameterSpec::name).contains("priority", "service_tier");
            } else {
                assertThat(model.passThrough()).as(model.id()).isEmpty();
            }
        }
    }
}
