package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prices in the catalog: every shipped model has one, dated and marked as shipped; a wrong price stops the load. */
class CatalogPricingTest {

    private static final String VEO = """
              - id: veo3.1
                provider: tokenlab
                vendor: Google
                operations: [text-to-video]
            """;

    @Test
    void everyShippedModelHasAPriceFromTheShippedFileWithItsDate() {
        for (ModelSpec model : ModelCatalog.load().all()) {
            Pricing pricing = model.pricingIfKnown()
                    .orElseThrow(() -> new AssertionError(model.id() + " (" + model.provider() + ") has no price"));
            assertThat(pricing.source()).as(model.id()).isEqualTo(Pricing.Source.SHIPPED);
            assertThat(pricing.asOf()).as(model.id()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
            boolean lengthKnown = pricing.defaultSeconds() != null || model.parameter("duration").isPresent();
            assertThat(!pricing.chargesPerSecond() || lengthKnown)
                    .as("%s (%s) is priced per second, so it needs a default length", model.id(), model.provider())
                    .isTrue();
        }
    }

    @Test
    void pricesReadAsExactDecimals() throws IOException {
        ModelSpec model = onlyModel(read(VEO + "    pricing: {per_second_usd: 0.10, audio_per_second_usd: 0.05,"
                + " per_second_usd_by_resolution: {4k: 0.4}, default_seconds: 8}\n"));

        Pricing pricing = model.pricing();
        assertThat(pricing.perSecondUsd()).isEqualTo(new BigDecimal("0.10"));
        assertThat(pricing.audioPerSecondUsd()).isEqualTo(new BigDecimal("0.05"));
        assertThat(pricing.perSecondAt("4k")).contains(new BigDecimal("0.4"));
        assertThat(pricing.perSecondAt("720p")).contains(new BigDecimal("0.10"));
        assertThat(pricing.defaultSeconds()).isEqualTo(8);
        assertThat(pricing.asOf()).as("no prices_as_of in the file").isNull();
    }

    @Test
    void aModelWithoutPricingHasNoPrice() throws IOException {
        assertThat(onlyModel(read(VEO)).pricingIfKnown()).isEmpty();
    }

    @Test
    void aPriceSaysWhereItCameFrom() throws IOException {
        assertThat(onlyModel(read(VEO + "    pricing: {per_request_usd: 1, source: discovery,"
                + " as_of: \"2026-12-02T10:00:00Z\"}\n")).pricing())
                .extracting(Pricing::source, Pricing::asOf)
                .containsExactly(Pricing.Source.DISCOVERY, Instant.parse("2026-12-02T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{per_second_usd: -0.10}| per_second_usd -0.10 is negative",
        "{per_request_usd: 0.0000001}| per_request_usd 0.0000001 has more than 6 decimal places",
        "{per_request_usd: 1000.01}| per_request_usd 1000.01 is above 1000 USD",
        "{per_second_usd: 0.1, audio_per_second_usd: -1}| audio_per_second_usd -1 is negative",
        "{per_second_usd: 0.1, per_second_usd_by_resolution: {1080p: -0.2}}"
                + "| per_second_usd_by_resolution.1080p -0.2 is negative",
        "{per_request_usd: 0.1, per_request_usd_by_resolution: {1080p: 0.0000005}}"
                + "| per_request_usd_by_resolution.1080p 0.0000005 has more than 6 decimal places",
        "{default_seconds: 5}| pricing gives neither per_request_usd nor per_second_usd",
        "{per_second_usd: 0.1, default_seconds: 0}| default_seconds must be positive",
    })
    void aWrongPriceIsRefused(String pricing, String message) {
        assertThatThrownBy(() -> read(VEO + "    pricing: " + pricing + "\n"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessage("model veo3.1 (tokenlab): " + message);
    }

    @Test
    void anUnknownPriceSourceIsRefused() {
        assertThatThrownBy(() -> read(VEO + "    pricing: {per_request_usd: 1, source: guess}\n"))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining("unknown price source guess");
    }

    private static ModelSpec onlyModel(ModelCatalog catalog) {
        assertThat(catalog.all()).hasSize(1);
        return catalog.all().iterator().next();
    }

    private static ModelCatalog read(String models) throws IOException {
        String yaml = "models:\n" + models;
        return ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
