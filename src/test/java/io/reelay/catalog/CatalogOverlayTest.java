package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** How discovery is laid over the shipped catalog: it overlays what it states and erases nothing it does not. */
class CatalogOverlayTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ModelCatalog SHIPPED = ModelCatalog.load();

    private static DiscoveredModel stated(String provider, String id) {
        return new DiscoveredModel(provider, id, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void withNothingDiscoveredTheCatalogIsTheShippedOne() {
        CatalogOverlay.Result result = CatalogOverlay.overlay(SHIPPED, List.of());

        assertThat(result.catalog().all()).containsExactlyElementsOf(SHIPPED.all());
        assertThat(result.rejected()).isZero();
    }

    @Test
    void anEntryStatingNothingKeepsEveryShippedFact() {
        ModelSpec shipped = SHIPPED.find("tokenlab", "seedance-2.0").orElseThrow();

        ModelSpec merged = CatalogOverlay.overlay(SHIPPED, List.of(stated("tokenlab", "seedance-2.0")))
                .catalog().find("tokenlab", "seedance-2.0").orElseThrow();

        assertThat(merged).isEqualTo(shipped);
    }

    @Test
    void statedFactsReplaceTheShippedOnesAndUnstatedOnesStay() {
        DiscoveredModel d = new DiscoveredModel("tokenlab", "seedance-2.0", "bytedance", "Seedance 2.0", null, true,
                Set.of(Operation.REFERENCE_TO_VIDEO, Operation.TEXT_TO_VIDEO), new InputLimits(6, null, null),
                null, null, new ModelLifecycle("deprecated", Instant.parse("2027-01-01T00:00:00Z"), null, null,
                        "seedance-2.5"),
                new ServiceLimits(60, null, 1500), new RequestFormat(List.of(5, 10), null, null));

        ModelSpec merged = CatalogOverlay.overlay(SHIPPED, List.of(d)).catalog()
                .find("tokenlab", "seedance-2.0").orElseThrow();

        assertThat(merged.vendor()).isEqualTo("ByteDance"); // the shipped spelling stays
        assertThat(merged.listed()).isTrue();
        assertThat(merged.operations()).containsExactlyInAnyOrder(Operation.REFERENCE_TO_VIDEO,
                Operation.TEXT_TO_VIDEO);
        assertThat(merged.limits()).isEqualTo(new InputLimits(6, 3, 3));
        assertThat(merged.passThrough()).isEqualTo(SHIPPED.find("tokenlab", "seedance-2.0").orElseThrow()
                .passThrough());
        assertThat(merged.lifecycle().replacementModel()).isEqualTo("seedance-2.5");
        assertThat(merged.serviceLimits()).isEqualTo(new ServiceLimits(60, null, 1500));
        assertThat(merged.format().durations()).containsExactly(5, 10);
    }

    @Test
    void discoveredRowsReplaceTheirNamesakesAndTheOtherShippedRowsStay() {
        ParameterSpec duration = new ParameterSpec("duration", ParameterType.INTEGER, false, NODES.numberNode(5),
                List.of(NODES.numberNode(5), NODES.numberNode(10)), null, null, null, null, "seconds");
        ParameterSpec fresh = new ParameterSpec("camera", ParameterType.STRING, false, null, List.of(), null, null,
                null, null, null);
        DiscoveredModel d = new DiscoveredModel("hub", "wan-2.7", null, null, null, null, null, null,
                List.of(duration, fresh), null, null, null, null);
        ModelSpec shipped = SHIPPED.find("hub", "wan-2.7").orElseThrow();

        ModelSpec merged = CatalogOverlay.overlay(SHIPPED, List.of(d)).catalog().find("hub", "wan-2.7")
                .orElseThrow();

        assertThat(merged.parameters()).hasSize(shipped.parameters().size() + 1);
        assertThat(merged.parameter("duration")).contains(duration);
        assertThat(merged.parameter("seed")).isEqualTo(shipped.parameter("seed"));
        assertThat(merged.parameter("camera")).contains(fresh);
    }

    @Test
    void aModelTheFileLacksJoinsWithTheRulesDiscoveryStates() {
        DiscoveredModel d = new DiscoveredModel("tokenlab", "kling-4.0", "kuaishou", "Kling 4.0", null, null,
                Set.of(Operation.TEXT_TO_VIDEO), null, null, null, null, new ServiceLimits(null, 4, null), null);

        ModelCatalog catalog = CatalogOverlay.overlay(SHIPPED, List.of(d)).catalog();

        ModelSpec added = catalog.find("kling-4.0").orElseThrow();
        assertThat(added.provider()).isEqualTo("tokenlab");
        assertThat(added.vendor()).isEqualTo("kuaishou");
        assertThat(added.operations()).containsExactly(Operation.TEXT_TO_VIDEO);
        assertThat(added.serviceLimits().concurrency()).isEqualTo(4);
        // TokenLab's request-level fields, like every shipped TokenLab model.
        assertThat(added.passThrough()).extracting(ParameterSpec::name).contains("priority", "service_tier");
        assertThat(catalog.all()).hasSize(SHIPPED.all().size() + 1);
    }

    @Test
    void aNewModelWithoutAnOperationIsNotAdded() {
        CatalogOverlay.Result result = CatalogOverlay.overlay(SHIPPED, List.of(stated("tokenlab", "mystery")));

        assertThat(result.catalog().find("mystery")).isEmpty();
        assertThat(result.rejected()).isEqualTo(1);
    }

    @Test
    void anOverlayThatBreaksACatalogRuleKeepsTheShippedEntry() {
        ParameterSpec broken = new ParameterSpec("seed", ParameterType.INTEGER, false, null, List.of(),
                BigDecimal.TEN, BigDecimal.ONE, null, null, null);
        DiscoveredModel d = new DiscoveredModel("hub", "wan-2.7", null, "WAN 2.7 (new)", null, null, null, null,
                List.of(broken), null, null, null, null);

        CatalogOverlay.Result result = CatalogOverlay.overlay(SHIPPED, List.of(d));

        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.catalog().find("hub", "wan-2.7")).isEqualTo(SHIPPED.find("hub", "wan-2.7"));
    }

    @Test
    void theRouteOfBareIdsSurvivesTheOverlay() {
        ModelCatalog routed = SHIPPED.routedBy(id -> "hub");

        ModelCatalog merged = CatalogOverlay.overlay(routed, List.of(stated("tokenlab", "seedance-2.0"))).catalog();

        assertThat(merged.find("seedance-2.0").orElseThrow().provider()).isEqualTo("hub");
    }

    @Test
    void theShippedFileMayStateLifecycleAndLimitsItself() throws Exception {
        String yaml = """
                models:
                  - id: old
                    provider: tokenlab
                    vendor: X
                    operations: [text-to-video]
                    lifecycle: {retired_at: "2026-09-24T00:00:00Z", replacement_model: new}
                    service_limits: {online_rpm: 10, concurrency: 2, prompt_max_characters: 100}
                    format: {durations: [5], resolutions: [720p], aspect_ratios: ["16:9"]}
                """;

        ModelSpec old = ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .find("old").orElseThrow();

        assertThat(old.lifecycle().retired(Instant.parse("2026-10-01T00:00:00Z"))).isTrue();
        assertThat(old.serviceLimits()).isEqualTo(new ServiceLimits(10, 2, 100));
        assertThat(old.format().aspectRatios()).containsExactly("16:9");
    }

    // ------------------------------------------------------------------ operations and format from discovery

    private static DiscoveredModel format(String id, RequestFormat format) {
        return new DiscoveredModel("tokenlab", id, null, null, null, null, null, null, null, null, null, null, format);
    }

    private static final String FORMATTED = """
            models:
              - id: formatted
                provider: tokenlab
                vendor: X
                operations: [text-to-video]
                format: {durations: [4, 8, 12], resolutions: [720p, 1080p], aspect_ratios: ["16:9", "9:16"]}
            """;

    @Test
    void anOperationDiscoveryListsIsAddedToTheModel() {
        ModelSpec shipped = SHIPPED.find("tokenlab", "veo3.1").orElseThrow();
        java.util.Set<Operation> withAudio = java.util.EnumSet.copyOf(shipped.operations());
        withAudio.add(Operation.AUDIO_TO_VIDEO);
        DiscoveredModel d = new DiscoveredModel("tokenlab", "veo3.1", null, null, null, null, withAudio, null, null,
                null, null, null, null);

        ModelSpec merged = CatalogOverlay.overlay(SHIPPED, List.of(d)).catalog().find("tokenlab", "veo3.1")
                .orElseThrow();

        assertThat(shipped.offers(Operation.AUDIO_TO_VIDEO)).isFalse();
        assertThat(merged.offers(Operation.AUDIO_TO_VIDEO)).isTrue();
        assertThat(merged.operations()).containsAll(shipped.operations());
    }

    @Test
    void theShippedCatalogOffersAudioToVideoAndVideoExtensionOnNoModel() {
        // The seed's contract accepts both operations, but no public model it lists offers them: only discovery can.
        assertThat(SHIPPED.all()).filteredOn(m -> m.provider().equals("tokenlab"))
                .noneMatch(m -> m.offers(Operation.AUDIO_TO_VIDEO) || m.offers(Operation.VIDEO_EXTENSION));
    }

    @Test
    void aDiscoveredFormatSetsTheAllowedValuesOfAModelThatHadNone() {
        RequestFormat discovered = new RequestFormat(List.of(4, 6, 8), List.of("720p"), List.of("16:9", "9:16"));

        ModelSpec merged = CatalogOverlay.overlay(SHIPPED, List.of(format("veo3.1", discovered))).catalog()
                .find("tokenlab", "veo3.1").orElseThrow();

        assertThat(SHIPPED.find("tokenlab", "veo3.1").orElseThrow().format()).isEqualTo(RequestFormat.NONE);
        assertThat(merged.format()).isEqualTo(discovered);
    }

    @Test
    void aDiscoveredListReplacesTheShippedOneAndAListItLeavesEmptyKeepsIt() throws Exception {
        ModelCatalog shipped = ModelCatalog.read(new ByteArrayInputStream(FORMATTED.getBytes(StandardCharsets.UTF_8)));

        ModelSpec merged = CatalogOverlay.overlay(shipped, List.of(format("formatted",
                new RequestFormat(List.of(4, 8), List.of(), null)))).catalog().find("formatted").orElseThrow();

        assertThat(merged.format()).isEqualTo(new RequestFormat(List.of(4, 8), List.of("720p", "1080p"),
                List.of("16:9", "9:16")));
    }

    @Test
    void aFormatDiscoveryCouldNotReadLeavesTheShippedValues() throws Exception {
        ModelCatalog shipped = ModelCatalog.read(new ByteArrayInputStream(FORMATTED.getBytes(StandardCharsets.UTF_8)));
        ModelSpec before = shipped.find("formatted").orElseThrow();
        var unreadable = io.reelay.catalog.discovery.TokenLabModels.model(new com.fasterxml.jackson.databind
                .ObjectMapper().readTree("""
                        {"id": "formatted", "tokenlab": {"request_format_summary": {
                           "durations": ["x", -1, 0, 1e400, {}], "resolutions": [null, "", 5], "aspect_ratios": {}}}}
                        """));

        for (DiscoveredModel d : List.of(unreadable, format("formatted", null),
                format("formatted", RequestFormat.NONE))) {
            ModelSpec merged = CatalogOverlay.overlay(shipped, List.of(d)).catalog().find("formatted").orElseThrow();

            assertThat(merged.format()).as("%s", d).isEqualTo(before.format());
        }
    }
}
