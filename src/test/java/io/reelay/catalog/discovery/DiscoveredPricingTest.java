package io.reelay.catalog.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.catalog.Pricing;

/** TokenLab's pricing shapes (as the simulator serves them) and the answers that must not become a price. */
class DiscoveredPricingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");

    @Test
    void thePriceListGivesEachModelItsUnitBasePriceAndResolutionPrices() throws Exception {
        Map<String, Pricing> prices = DiscoveredPricing.list(json("""
                {"object": "list", "currency": "USD", "data": [
                  {"object": "model.pricing", "model": "veo3.1-pro", "currency": "USD", "billing_unit": "per_second",
                   "price_per_second_usd": 0.40, "lock_price_per_request": false, "has_complex_pricing": true,
                   "resolution_prices": [{"resolution": "720p", "price_per_second_usd": 0.40},
                                         {"resolution": "4k", "price_per_second_usd": 0.60}], "simulated": true},
                  {"object": "model.pricing", "model": "veo3-pro", "currency": "USD", "billing_unit": "per_request",
                   "price_per_request_usd": 4.00, "lock_price_per_request": true, "has_complex_pricing": false}]}
                """), AT);

        Pricing pro = prices.get("veo3.1-pro");
        assertThat(pro.perSecondUsd()).isEqualByComparingTo("0.40");
        assertThat(pro.perSecondAt("4k")).contains(new BigDecimal("0.6"));
        assertThat(pro.perSecondAt("720p")).contains(new BigDecimal("0.4"));
        assertThat(pro.perRequestUsd()).isNull();
        assertThat(pro.source()).isEqualTo(Pricing.Source.DISCOVERY);
        assertThat(pro.asOf()).isEqualTo(AT);
        Pricing flat = prices.get("veo3-pro");
        assertThat(flat.perRequestUsd()).isEqualByComparingTo("4");
        assertThat(flat.chargesPerSecond()).isFalse();
    }

    @Test
    void aSummaryIsReadWhereTheModelsEntryCarriesItUnlessItLeavesResolutionPricesOut() throws Exception {
        Pricing simple = DiscoveredPricing.inEntry(json("""
                {"id": "veo3", "pricing_summary": {"currency": "USD", "billing_unit": "per_second",
                  "price_per_second_usd": 0.40, "has_complex_pricing": false}}
                """), AT);
        Pricing underTokenLab = DiscoveredPricing.inEntry(json("""
                {"id": "veo3", "tokenlab": {"pricing_summary": {"price_per_request_usd": "0.19"}}}
                """), AT);
        Pricing complex = DiscoveredPricing.inEntry(json("""
                {"id": "wan-2.5", "pricing_summary": {"billing_unit": "per_second", "price_per_second_usd": 0.05,
                  "has_complex_pricing": true}}
                """), AT);

        assertThat(simple.perSecondUsd()).isEqualByComparingTo("0.4");
        assertThat(underTokenLab.perRequestUsd()).isEqualByComparingTo("0.19");
        assertThat(complex).as("its base price alone would misprice 720p and 1080p").isNull();
    }

    @Test
    void theHubsPricingObjectIsReadTheSameWay() throws Exception {
        Pricing hub = DiscoveredPricing.inEntry(json("""
                {"id": "veo-3.1", "pricing": {"currency": "USD", "billing_unit": "per_second",
                  "price_per_second_usd": 0.40, "has_complex_pricing": true, "charged_on": "completed",
                  "resolution_prices": [{"resolution": "4k", "price_per_second_usd": 0.60}]}}
                """), AT);

        assertThat(hub.perSecondAt("4k")).contains(new BigDecimal("0.6"));
        assertThat(hub.perSecondAt("1080p")).contains(new BigDecimal("0.4"));
    }

    @Test
    void theSameAmountsSpelledDifferentlyAreTheSamePrice() throws Exception {
        Pricing a = DiscoveredPricing.of(json("{\"billing_unit\": \"per_second\", \"price_per_second_usd\": 0.40}"), AT);
        Pricing b = DiscoveredPricing.of(json("{\"billing_unit\": \"per_second\", \"price_per_second_usd\": \"0.4\"}"), AT);
        Pricing c = DiscoveredPricing.of(json("{\"price_per_request_usd\": 4E+1}"), AT);

        assertThat(a).isEqualTo(b);
        assertThat(c.perRequestUsd().toPlainString()).isEqualTo("40");
    }

    @Test
    void aPerModelAnswerForAnotherModelIsNoPrice() throws Exception {
        JsonNode answer = json("{\"model\": \"veo3\", \"billing_unit\": \"per_second\", \"price_per_second_usd\": 0.4}");

        assertThat(DiscoveredPricing.forModel(answer, "veo3", AT)).isNotNull();
        assertThat(DiscoveredPricing.forModel(answer, "veo3.1", AT)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"currency\": \"EUR\", \"price_per_second_usd\": 0.4}",
        "{\"price_per_second_usd\": -0.4}",
        "{\"price_per_second_usd\": 1000.01}",
        "{\"price_per_second_usd\": 1e300}",
        "{\"price_per_second_usd\": 0.0000001}",
        "{\"price_per_second_usd\": \"cheap\"}",
        "{\"price_per_second_usd\": true}",
        "{\"price_per_second_usd\": 0.4, \"price_per_request_usd\": 1}",
        "{\"billing_unit\": \"per_token\", \"price_usd\": 0.4}",
        "{\"billing_unit\": \"per_second\", \"price_per_request_usd\": 0.4}",
        "{\"billing_unit\": \"per_second\"}",
        "{\"price_per_second_usd\": 0.4, \"resolution_prices\": [{\"resolution\": \"4k\", \"price_per_second_usd\": -1}]}",
        "{\"price_per_second_usd\": 0.4, \"resolution_prices\": [{\"price_per_second_usd\": 0.6}]}",
        "{\"price_per_second_usd\": 0.4, \"resolution_prices\": \"4k: 0.6\"}",
        "{\"price_per_second_usd\": 0.4, \"has_complex_pricing\": true, \"resolution_prices\": []}",
        "{}", "[]", "\"0.4\"", "null"
    })
    void anAnswerThatIsNoTrustworthyPriceGivesNone(String answer) throws Exception {
        assertThat(DiscoveredPricing.of(json(answer), AT)).isNull();
    }

    @Test
    void aBadEntryOfTheListIsSkippedAndTheOthersRead() throws Exception {
        Map<String, Pricing> prices = DiscoveredPricing.list(json("""
                {"data": [{"model": "a", "price_per_second_usd": -1}, {"model": "b", "price_per_second_usd": 0.1},
                          {"price_per_second_usd": 0.2}, "junk", {"model": "b", "price_per_second_usd": 9},
                          {"model": "../etc", "price_per_second_usd": 0.1}]}
                """), AT);

        assertThat(prices).containsOnlyKeys("b");
        assertThat(prices.get("b").perSecondUsd()).isEqualByComparingTo("0.1");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
