package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.reelay.catalog.sync.LiveCatalog;

/** Discovered prices over the shipped ones: what an estimate then uses, and what it never uses. */
class PricingOverlayTest {

    private static final ModelCatalog SHIPPED = ModelCatalog.load();
    private static final Instant READ = Instant.parse("2026-12-02T15:00:00Z");
    private static final CostEstimate.Order EIGHT_SECONDS = new CostEstimate.Order(8, null, null, Map.of());

    private static DiscoveredModel priced(String id, Pricing pricing) {
        return new DiscoveredModel("tokenlab", id, null, null, null, null, null, null, null, null, null, null, null,
                pricing);
    }

    private static Pricing perSecond(String usd) {
        return Pricing.perSecond(new BigDecimal(usd), null, Pricing.Source.DISCOVERY, READ);
    }

    @Test
    void aDiscoveredPriceIsWhatTheEstimateUsesAndSaysWhereAndWhenItCameFrom() {
        ModelSpec shipped = SHIPPED.find("tokenlab", "veo3.1").orElseThrow();
        assertThat(CostEstimate.of(shipped, EIGHT_SECONDS)).contains(new BigDecimal("3.200000"));

        LiveCatalog live = new LiveCatalog(SHIPPED);
        live.apply(Map.of("tokenlab/veo3.1", Optional.of(priced("veo3.1", perSecond("0.5")))));
        ModelSpec now = live.find("tokenlab", "veo3.1").orElseThrow();

        assertThat(CostEstimate.of(now, EIGHT_SECONDS)).contains(new BigDecimal("4.000000"));
        assertThat(now.pricing().source()).isEqualTo(Pricing.Source.DISCOVERY);
        assertThat(now.pricing().asOf()).isEqualTo(READ);
        assertThat(now.pricing().defaultSeconds()).as("Reelay's assumption stays").isEqualTo(8);
        assertThat(CostEstimate.of(now, new CostEstimate.Order(null, null, null, Map.of())))
                .as("no length asked: the shipped default length at the discovered price")
                .contains(new BigDecimal("4.000000"));
        assertThat(live.shipped().find("tokenlab", "veo3.1").orElseThrow().pricing().source())
                .isEqualTo(Pricing.Source.SHIPPED);
    }

    @Test
    void aDiscoveredPriceReplacesTheAmountsWholeSoUnitsAreNeverMixed() {
        Pricing perRequest = Pricing.perRequest(new BigDecimal("2.5"), Pricing.Source.DISCOVERY, READ);

        ModelSpec now = PricingOverlay.overlay(SHIPPED, List.of(priced("veo3.1-pro", perRequest)))
                .find("tokenlab", "veo3.1-pro").orElseThrow();

        assertThat(now.pricing().perSecondUsd()).isNull();
        assertThat(now.pricing().perSecondUsdByResolution()).as("the shipped 4k price is gone too").isEmpty();
        assertThat(CostEstimate.of(now, new CostEstimate.Order(8, "4k", null, Map.of())))
                .contains(new BigDecimal("2.500000"));
    }

    @Test
    void aPriceThatBreaksACatalogRuleIsNotUsedAndTheShippedOneStays() {
        for (String bad : List.of("-0.1", "1000.5", "0.0000001")) {
            Pricing price = new Pricing(null, Map.of(), new BigDecimal(bad), Map.of(), null, null, null,
                    Pricing.Source.DISCOVERY, READ);

            ModelSpec now = PricingOverlay.overlay(SHIPPED, List.of(priced("veo3.1", price)))
                    .find("tokenlab", "veo3.1").orElseThrow();

            assertThat(now.pricing()).as(bad).isEqualTo(SHIPPED.find("tokenlab", "veo3.1").orElseThrow().pricing());
        }
    }

    @Test
    void whatATopicRecordCallsItsSourceIsNotBelieved() {
        Pricing claimsShipped = Pricing.perSecond(new BigDecimal("0.3"), null, Pricing.Source.SHIPPED, READ);

        ModelSpec now = PricingOverlay.overlay(SHIPPED, List.of(priced("veo3.1", claimsShipped)))
                .find("tokenlab", "veo3.1").orElseThrow();

        assertThat(now.pricing().source()).isEqualTo(Pricing.Source.DISCOVERY);
    }

    @Test
    void aModelOnlyDiscoveryKnowsIsPricedByDiscoveryAndOthersKeepTheShippedPrice() {
        DiscoveredModel fresh = new DiscoveredModel("tokenlab", "grok-imagine-video-9", "xai", null, null, null,
                Set.of(Operation.TEXT_TO_VIDEO), null, null, null, null, null, null,
                Pricing.perRequest(new BigDecimal("0.75"), Pricing.Source.DISCOVERY, READ));
        LiveCatalog live = new LiveCatalog(SHIPPED);

        live.apply(Map.of(fresh.key(), Optional.of(fresh)));

        ModelSpec added = live.find("tokenlab", "grok-imagine-video-9").orElseThrow();
        assertThat(CostEstimate.of(added, EIGHT_SECONDS)).contains(new BigDecimal("0.750000"));
        assertThat(live.find("tokenlab", "veo3").orElseThrow().pricing())
                .isEqualTo(SHIPPED.find("tokenlab", "veo3").orElseThrow().pricing());
    }

    @Test
    void withNothingPricedTheCatalogIsTheSameCatalog() {
        assertThat(PricingOverlay.overlay(SHIPPED, List.of(priced("veo3.1", null)))).isSameAs(SHIPPED);
    }
}
