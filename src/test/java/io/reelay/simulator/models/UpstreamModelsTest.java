package io.reelay.simulator.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulator's model data against the upstream documents: every model, with what the documents say. */
class UpstreamModelsTest {

    private static final String T2V = "text-to-video";
    private static final String I2V = "image-to-video";
    private static final String REF = "reference-to-video";
    private static final String SE = "start-end-to-video";
    private static final String V2V = "video-to-video";

    /** The TokenLab document's model list with its operations, plus the newer ids the contracts page names. */
    private static final Map<String, List<String>> TOKENLAB = new LinkedHashMap<>();

    static {
        TOKENLAB.put("sora-2", List.of(T2V, I2V));
        TOKENLAB.put("sora-2-pro", List.of(T2V, I2V));
        TOKENLAB.put("sora-2-pro-storyboard", List.of(I2V));
        TOKENLAB.put("kling-3.0-motion-control", List.of("motion-control"));
        TOKENLAB.put("kling-3.0-video", List.of(T2V, I2V, SE));
        TOKENLAB.put("kling-v2.1-master", List.of(T2V, I2V));
        TOKENLAB.put("kling-v2.1-pro", List.of(I2V, SE));
        TOKENLAB.put("kling-v2.1-standard", List.of(I2V));
        TOKENLAB.put("kling-v2.5-turbo-pro", List.of(T2V, I2V, SE));
        TOKENLAB.put("kling-v2.5-turbo-std", List.of(T2V, I2V));
        TOKENLAB.put("kling-v2.6-pro", List.of(T2V, I2V, SE));
        TOKENLAB.put("kling-v2.6-std", List.of(T2V, I2V));
        TOKENLAB.put("kling-v3.0-pro", List.of(T2V, I2V, SE));
        TOKENLAB.put("kling-v3.0-std", List.of(T2V, I2V, SE));
        TOKENLAB.put("kling-video-o1-pro", List.of(T2V, I2V, REF, SE, V2V));
        TOKENLAB.put("kling-video-o1-std", List.of(T2V, I2V, REF, SE, V2V));
        TOKENLAB.put("veo3", List.of(T2V, I2V));
        TOKENLAB.put("veo3-fast", List.of(T2V, I2V));
        TOKENLAB.put("veo3-pro", List.of(T2V, I2V));
        TOKENLAB.put("veo3.1", List.of(T2V, I2V, REF, SE));
        TOKENLAB.put("veo3.1-fast", List.of(T2V, I2V, REF, SE));
        TOKENLAB.put("veo3.1-pro", List.of(T2V, I2V, SE));
        TOKENLAB.put("seedance-1.5-pro", List.of(T2V, I2V));
        TOKENLAB.put("seedance-2.0", List.of(REF));
        TOKENLAB.put("seedance-2.0-fast", List.of(REF));
        TOKENLAB.put("hailuo-2.3-fast", List.of(I2V));
        TOKENLAB.put("hailuo-2.3-pro", List.of(T2V, I2V));
        TOKENLAB.put("hailuo-2.3-standard", List.of(T2V, I2V));
        TOKENLAB.put("wan-2.2-plus", List.of(T2V, I2V));
        TOKENLAB.put("wan-2.5", List.of(T2V, I2V));
        TOKENLAB.put("wan-2.6", List.of(T2V, I2V, REF));
        TOKENLAB.put("viduq2", List.of(T2V, REF));
        TOKENLAB.put("viduq2-pro", List.of(I2V, REF, SE));
        TOKENLAB.put("viduq2-pro-fast", List.of(I2V, SE));
        TOKENLAB.put("viduq2-turbo", List.of(I2V, SE));
        TOKENLAB.put("viduq3-pro", List.of(T2V, I2V, SE));
        TOKENLAB.put("viduq3-turbo", List.of(T2V, I2V, SE));
        TOKENLAB.put("grok-imagine-video", List.of(T2V, I2V));
        TOKENLAB.put("grok-imagine-video-1.5", List.of(T2V, I2V));
        TOKENLAB.put("grok-imagine-image-to-video", List.of(I2V));
        TOKENLAB.put("grok-imagine-text-to-video", List.of(T2V));
        TOKENLAB.put("grok-imagine-upscale", List.of(V2V));
        TOKENLAB.put("topaz-video-upscale", List.of(V2V));
    }

    /** The hub document's models with their duration values. */
    private static final Map<String, List<Object>> HUB_DURATIONS = Map.of(
            "veo-3.1", List.of("4s", "6s", "8s"),
            "veo-3.1-fast", List.of("4s", "6s", "8s"),
            "veo-3.1-lite", List.of("4s", "6s", "8s"),
            "veo-3", List.of("4s", "6s", "8s"),
            "kling-v3-standard", strings(3, 15),
            "kling-v3-pro", strings(3, 15),
            "wan-2.7", List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            "seedance-2.0", strings(4, 15),
            "seedance-2.0-fast", strings(4, 15));

    private final UpstreamModels models = UpstreamModels.shipped();
    private final Map<String, TokenLabModel> tokenLab = models.tokenlab().stream()
            .collect(Collectors.toMap(TokenLabModel::id, Function.identity()));
    private final Map<String, HubModel> hub = models.hub().stream()
            .collect(Collectors.toMap(HubModel::id, Function.identity()));

    @Test
    void tokenLabServesEveryDocumentedModelWithItsDocumentedOperations() {
        assertThat(tokenLab.keySet()).containsExactlyInAnyOrderElementsOf(TOKENLAB.keySet());
        TOKENLAB.forEach((id, operations) -> assertThat(tokenLab.get(id).operations()).as(id)
                .containsExactlyInAnyOrderElementsOf(operations));
    }

    @Test
    void seedanceTwoTakesTheDocumentedReferenceMediaOnTokenLab() {
        for (String id : List.of("seedance-2.0", "seedance-2.0-fast")) {
            assertThat(tokenLab.get(id).references()).as(id)
                    .isEqualTo(new TokenLabModel.References(9, 3, 3));
        }
    }

    @Test
    void theHubServesEveryDocumentedModelWithItsParameterTable() {
        assertThat(hub.keySet()).containsExactlyInAnyOrderElementsOf(HUB_DURATIONS.keySet());
        HUB_DURATIONS.forEach((id, durations) -> {
            Map<?, ?> duration = (Map<?, ?>) properties(hub.get(id)).get("duration");
            assertThat(duration.get("enum")).as(id).isEqualTo(durations);
        });
        // The only parameters the document marks required; Kling takes prompt or multi_prompt instead.
        hub.values().forEach(m -> assertThat(m.inputSchema().get("required")).as(m.id())
                .isEqualTo(m.id().startsWith("kling") ? List.of() : List.of("prompt")));
        Map<?, ?> seed = (Map<?, ?>) properties(hub.get("wan-2.7")).get("seed");
        assertThat(seed.get("minimum")).isEqualTo(0);
        assertThat(seed.get("maximum")).isEqualTo(2147483647);
        assertThat(List.copyOf(properties(hub.get("veo-3.1")).keySet())).isEqualTo(List.of("seed", "prompt", "auto_fix", "duration",
                "resolution", "aspect_ratio", "generate_audio", "negative_prompt", "safety_tolerance"));
    }

    @Test
    void bothGatewaysServeSeedanceTwoUnderTheSameIds() {
        assertThat(tokenLab).containsKeys("seedance-2.0", "seedance-2.0-fast");
        assertThat(hub).containsKeys("seedance-2.0", "seedance-2.0-fast");
    }

    @Test
    void everyModelHasAPositivePriceForEachOfItsResolutionsAndPublishesItsLimits() {
        for (TokenLabModel m : models.tokenlab()) {
            assertThat(m.resolutions()).as(m.id()).containsAll(m.price().byResolution().keySet());
            m.resolutions().forEach(r -> assertThat(m.price().at(r)).as(m.id() + " " + r)
                    .isGreaterThan(BigDecimal.ZERO));
            assertThat(m.limits().onlineRpm()).as(m.id()).isPositive();
            assertThat(m.limits().concurrency()).as(m.id()).isPositive();
            assertThat(m.limits().promptMaxCharacters()).as(m.id()).isPositive();
        }
        hub.values().forEach(m -> assertThat(m.price().usd()).as(m.id()).isGreaterThan(BigDecimal.ZERO));
    }

    @Test
    void theSoraTwoModelsAreRetiredInSeptember2026IntoModelsThatStillRun() {
        Instant retiredSoon = Instant.parse("2026-09-01T00:00:00Z");
        Instant retired = Instant.parse("2026-10-01T00:00:00Z");
        for (String id : List.of("sora-2", "sora-2-pro", "sora-2-pro-storyboard")) {
            Lifecycle life = tokenLab.get(id).lifecycle();
            assertThat(life.stage(retiredSoon)).as(id).isEqualTo("deprecated");
            assertThat(life.stage(retired)).as(id).isEqualTo("retired");
            if (life.replacementModel() != null) {
                TokenLabModel replacement = tokenLab.get(life.replacementModel());
                assertThat(replacement).as(id + " -> " + life.replacementModel()).isNotNull();
                assertThat(replacement.lifecycle().retired(retired)).isFalse();
                assertThat(replacement.operations()).containsAll(tokenLab.get(id).operations());
            }
        }
        Set<String> retiredNow = models.tokenlab().stream().filter(m -> m.lifecycle().retired(retired))
                .map(TokenLabModel::id).collect(Collectors.toSet());
        assertThat(retiredNow).containsExactlyInAnyOrder("sora-2", "sora-2-pro", "sora-2-pro-storyboard");
    }

    @Test
    void theDataFileSaysItsFiguresAreSimulated() throws Exception {
        try (var in = UpstreamModels.class.getResourceAsStream(UpstreamModels.RESOURCE)) {
            assertThat(new String(in.readAllBytes())).contains("SIMULATED (invented, plausible, NOT the gateways'");
        }
    }

    private static Map<?, ?> properties(HubModel m) {
        return (Map<?, ?>) m.inputSchema().get("properties");
    }

    private static List<Object> strings(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(i -> (Object) Integer.toString(i)).toList();
    }
}
