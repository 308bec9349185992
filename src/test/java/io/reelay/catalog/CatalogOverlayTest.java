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
}
