package io.reelay.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Pricing;
import io.reelay.catalog.sync.LiveCatalog;

/** {@code GET /v1/models} shows each entry's price: what its requests' estimates are computed from. */
class ModelViewPricingTest {

    // As Quarkus's mapper writes: instants as ISO-8601 text.
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ModelCatalog SHIPPED = ModelCatalog.load();

    @Test
    void aShippedPriceShowsItsUnitAmountsSourceAndDate() {
        JsonNode pricing = view(SHIPPED.find("tokenlab", "veo3.1-pro").orElseThrow()).get("pricing");

        assertThat(pricing.get("unit").asText()).isEqualTo("per_second");
        assertThat(pricing.get("currency").asText()).isEqualTo("USD");
        assertThat(pricing.get("per_second_usd").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(pricing.get("per_second_usd_by_resolution").get("4k").decimalValue()).isEqualByComparingTo("0.60");
        assertThat(pricing.get("default_seconds").asInt()).isEqualTo(8);
        assertThat(pricing.get("source").asText()).isEqualTo("shipped");
        assertThat(pricing.get("as_of").asText()).isEqualTo("2026-12-02T00:00:00Z");
        assertThat(pricing.has("per_request_usd")).as("every key present").isTrue();
        assertThat(pricing.get("per_request_usd").isNull()).isTrue();
    }

    @Test
    void everyKeyOfThePriceIsPresentInTheDocumentedOrder() throws Exception {
        String json = JSON.writeValueAsString(ModelView.of(SHIPPED.find("tokenlab", "sora-2").orElseThrow(), List.of()));

        assertThat(json).endsWith("\"format\":{},\"pricing\":{\"unit\":\"per_second\",\"currency\":\"USD\","
                + "\"per_request_usd\":null,\"per_request_usd_by_resolution\":{},\"per_second_usd\":0.10,"
                + "\"per_second_usd_by_resolution\":{},\"audio_per_second_usd\":null,\"default_seconds\":4,"
                + "\"default_audio\":false,\"source\":\"shipped\",\"as_of\":\"2026-12-02T00:00:00Z\"}}");
    }

    @Test
    void aDiscoveredPriceShowsWhereAndWhenItWasRead() {
        Instant read = Instant.parse("2026-12-02T15:00:00Z");
        LiveCatalog live = new LiveCatalog(SHIPPED);
        live.apply(Map.of("tokenlab/veo3-pro", Optional.of(new DiscoveredModel("tokenlab", "veo3-pro", null, null,
                null, null, null, null, null, null, null, null, null,
                Pricing.perRequest(new BigDecimal("3.5"), Pricing.Source.DISCOVERY, read)))));

        JsonNode pricing = view(live.find("tokenlab", "veo3-pro").orElseThrow()).get("pricing");

        assertThat(pricing.get("unit").asText()).isEqualTo("per_request");
        assertThat(pricing.get("per_request_usd").decimalValue()).isEqualByComparingTo("3.5");
        assertThat(pricing.get("source").asText()).isEqualTo("discovery");
        assertThat(pricing.get("as_of").asText()).isEqualTo("2026-12-02T15:00:00Z");
    }

    @Test
    void aModelWithoutAPriceShowsNullSoAClientKnowsNoEstimateWillCome() {
        JsonNode view = view(SHIPPED.find("tokenlab", "veo3").orElseThrow().withPricing(null));

        assertThat(view.has("pricing")).isTrue();
        assertThat(view.get("pricing").isNull()).isTrue();
    }

    private static JsonNode view(ModelSpec model) {
        return JSON.valueToTree(ModelView.of(model, List.of()));
    }
}
