package io.reelay.catalog.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.catalog.CostEstimate;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Pricing;
import io.reelay.catalog.PricingOverlay;
import io.reelay.catalog.sync.CatalogCodec;
import io.reelay.upstream.HostileJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Thousands of generated pricing answers, near TokenLab's shapes and far from them: reading one never throws, and
 * every price it yields is a real price (USD, 0 to {@link Pricing#MAX_PRICE_USD}, at most
 * {@link Pricing#MAX_SCALE} places, source discovery), survives the catalog topic unchanged, and laid over the shipped
 * catalog gives estimates that are never negative and never beyond what the maximum price allows.
 */
class DiscoveredPricingPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    private static final ModelCatalog SHIPPED = ModelCatalog.load();
    private static final List<String> FIELDS = List.of("object", "model", "id", "currency", "billing_unit",
            "price_per_second_usd", "price_per_request_usd", "price_usd", "lock_price_per_request",
            "has_complex_pricing", "resolution_prices", "resolution", "simulated", "pricing_summary", "pricing",
            "tokenlab");

    @Property(tries = 2000)
    void priceListsNeverThrowAndYieldOnlyRealPrices(@ForAll("lists") JsonNode answer) {
        Map<String, Pricing> prices = DiscoveredPricing.list(answer, AT);
        prices.values().forEach(DiscoveredPricingPropertiesTest::isARealPrice);
        net.jqwik.api.statistics.Statistics.label("prices read").collect(Math.min(prices.size(), 3));
        prices.forEach(DiscoveredPricingPropertiesTest::estimatesStayInBounds);
    }

    @Property(tries = 2000)
    void priceObjectsAndModelEntriesNeverThrowAndYieldOnlyRealPrices(@ForAll("prices") JsonNode answer) {
        Pricing one = DiscoveredPricing.of(answer, AT);
        Pricing inEntry = DiscoveredPricing.inEntry(answer, AT);
        Pricing forModel = DiscoveredPricing.forModel(answer, "veo3.1", AT);
        net.jqwik.api.statistics.Statistics.label("read").collect(one != null);
        for (Pricing p : new Pricing[] {one, inEntry, forModel}) {
            if (p != null) {
                isARealPrice(p);
                estimatesStayInBounds("veo3.1", p);
            }
        }
        DiscoveredPricing.inEntries(answer, AT).values().forEach(DiscoveredPricingPropertiesTest::isARealPrice);
    }

    @Property(tries = 1000)
    void anyValueAtAllNeverThrows(@ForAll("anything") JsonNode answer) {
        DiscoveredPricing.list(answer, AT).values().forEach(DiscoveredPricingPropertiesTest::isARealPrice);
        Optional.ofNullable(DiscoveredPricing.of(answer, AT)).ifPresent(DiscoveredPricingPropertiesTest::isARealPrice);
        Optional.ofNullable(DiscoveredPricing.inEntry(answer, AT))
                .ifPresent(DiscoveredPricingPropertiesTest::isARealPrice);
    }

    private static void isARealPrice(Pricing p) {
        assertThat(p.isPriced()).isTrue();
        assertThat(p.source()).isEqualTo(Pricing.Source.DISCOVERY);
        assertThat(p.asOf()).isEqualTo(AT);
        List<BigDecimal> amounts = new ArrayList<>();
        amounts.add(p.perRequestUsd());
        amounts.add(p.perSecondUsd());
        amounts.add(p.audioPerSecondUsd());
        amounts.addAll(p.perRequestUsdByResolution().values());
        amounts.addAll(p.perSecondUsdByResolution().values());
        for (BigDecimal usd : amounts) {
            if (usd != null) {
                assertThat(usd).isBetween(BigDecimal.ZERO, Pricing.MAX_PRICE_USD);
                assertThat(usd.stripTrailingZeros().scale()).isLessThanOrEqualTo(Pricing.MAX_SCALE);
                assertThat(usd.scale()).as("written plainly, never 4E+1").isNotNegative();
            }
        }
        assertThat(p.perSecondUsdByResolution().size() + p.perRequestUsdByResolution().size())
                .isLessThanOrEqualTo(2 * DiscoveryJson.MAX_ITEMS);
        p.perSecondUsdByResolution().keySet().forEach(r -> assertThat(r).isNotBlank().hasSizeLessThanOrEqualTo(64));
        p.perRequestUsdByResolution().keySet().forEach(r -> assertThat(r).isNotBlank().hasSizeLessThanOrEqualTo(64));
        assertThat(p.perRequestUsd() == null || p.perSecondUsd() == null).as("one unit, never both").isTrue();
    }

    /** Through the topic and over a shipped model, the estimate of any request stays within bounds. */
    private static void estimatesStayInBounds(String id, Pricing p) {
        Optional<ModelSpec> shipped = SHIPPED.find("tokenlab", id);
        if (shipped.isEmpty()) {
            shipped = Optional.of(SHIPPED.find("tokenlab", "veo3.1").orElseThrow());
        }
        ModelSpec base = shipped.get();
        DiscoveredModel d = new DiscoveredModel("tokenlab", base.id(), null, null, null, null, null, null, null, null,
                null, null, null, p);
        assertThat(CatalogCodec.encode(d).flatMap(bytes -> CatalogCodec.decode(d.key(), bytes))).contains(d);
        ModelSpec priced = PricingOverlay.overlay(SHIPPED, List.of(d)).find("tokenlab", base.id()).orElseThrow();
        assertThat(priced.pricing().source()).isEqualTo(Pricing.Source.DISCOVERY);
        for (int seconds : new int[] {1, 8, 86_400}) {
            for (String resolution : new String[] {null, "720p", "1080p", "4k"}) {
                Optional<BigDecimal> usd = CostEstimate.of(priced,
                        new CostEstimate.Order(seconds, resolution, Boolean.TRUE, Map.of()));
                usd.ifPresent(amount -> assertThat(amount).isNotNegative()
                        .isLessThanOrEqualTo(Pricing.MAX_PRICE_USD.multiply(BigDecimal.valueOf(seconds + 1L))));
            }
        }
    }

    @Provide
    Arbitrary<JsonNode> lists() {
        Arbitrary<JsonNode> list = prices().list().ofMaxSize(8).map(items -> {
            ArrayNode data = NODES.arrayNode();
            items.forEach(data::add);
            ObjectNode answer = NODES.objectNode().put("object", "list").put("currency", "USD");
            answer.set("data", data);
            return answer;
        });
        return Arbitraries.frequencyOf(Tuple.of(8, list), Tuple.of(1, HostileJson.values(3)));
    }

    @Provide
    Arbitrary<JsonNode> prices() {
        return Arbitraries.frequencyOf(Tuple.of(6, shaped()), Tuple.of(3, objects(3)), Tuple.of(1, HostileJson.values(2)));
    }

    @Provide
    Arbitrary<JsonNode> anything() {
        return HostileJson.values(4);
    }

    /** Close to TokenLab's shape: a model, a unit, a price in the right field or another, maybe a resolution table. */
    private static Arbitrary<JsonNode> shaped() {
        Arbitrary<String> model = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(ids())),
                Tuple.of(1, HostileJson.strings()));
        Arbitrary<String> unit = Arbitraries.of("per_second", "per_request", "per_token", "second", "", "PER_SECOND");
        Arbitrary<String> field = Arbitraries.of("price_per_second_usd", "price_per_request_usd", "price_usd", "price");
        Arbitrary<JsonNode> table = Combinators.combine(Arbitraries.of("480p", "720p", "1080p", "4k", "", " "),
                        field, amounts()).as((r, f, a) -> (JsonNode) NODES.objectNode().put("resolution", r).set(f, a))
                .list().ofMaxSize(5).map(rows -> {
                    ArrayNode array = NODES.arrayNode();
                    rows.forEach(array::add);
                    return array;
                });
        return Combinators.combine(model, unit, field, amounts(), Arbitraries.of(true, false), table,
                Arbitraries.of("USD", "usd", "EUR", ""), Arbitraries.of("bare", "pricing_summary", "pricing"))
                .as((m, u, f, a, complex, t, currency, where) -> {
                    ObjectNode p = NODES.objectNode().put("model", m).put("billing_unit", u)
                            .put("has_complex_pricing", complex).put("currency", currency);
                    p.set(f, a);
                    if (complex) {
                        p.set("resolution_prices", t);
                    }
                    // As the pricing endpoints answer it, or inside a model's discovery entry.
                    return "bare".equals(where) ? p : NODES.objectNode().put("id", m).set(where, p);
                });
    }

    private static Arbitrary<JsonNode> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.bigDecimals().between(new BigDecimal("-10"), new BigDecimal("2000"))
                        .ofScale(7).map(d -> (JsonNode) NODES.numberNode(d))),
                Tuple.of(3, Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5")).ofScale(3)
                        .map(d -> (JsonNode) NODES.numberNode(d))),
                Tuple.of(2, Arbitraries.of("0.40", "4E+1", "1e-7", "-0", "1e999", "NaN", " 0.1 ", "0x10", "+1")
                        .map(s -> (JsonNode) NODES.textNode(s))),
                Tuple.of(1, HostileJson.values(0)));
    }

    private static Arbitrary<JsonNode> objects(int depth) {
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(FIELDS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        Arbitrary<JsonNode> value = depth <= 0
                ? Arbitraries.oneOf(amounts(), Arbitraries.of(ids()).map(s -> (JsonNode) NODES.textNode(s)))
                : Arbitraries.frequencyOf(Tuple.of(4, amounts()),
                        Tuple.of(2, Arbitraries.of(ids()).map(s -> (JsonNode) NODES.textNode(s))),
                        Tuple.of(2, Arbitraries.lazy(() -> objects(depth - 1))),
                        Tuple.of(1, Arbitraries.lazy(() -> objects(depth - 1)).list().ofMaxSize(4).map(items -> {
                            ArrayNode array = NODES.arrayNode();
                            items.forEach(array::add);
                            return (JsonNode) array;
                        })));
        return Combinators.combine(name, value).as(Tuple::of).list().ofMaxSize(10).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(f -> node.set(f.get1(), f.get2()));
            return node;
        });
    }

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        SHIPPED.all().forEach(m -> ids.add(m.id()));
        ids.addAll(List.of("per_second", "per_request", "USD", "720p", "4k", "true"));
        return ids;
    }
}
