package io.reelay.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The estimate of what a request costs: per request, per second, at a resolution, with audio, by default length. */
class CostEstimateTest {

    private static final ModelCatalog SHIPPED = ModelCatalog.load();

    @Test
    void aPricePerRequestIsTheEstimateWhateverTheLength() throws IOException {
        ModelSpec model = model("{per_request_usd: 0.19}", "");

        assertThat(estimate(model, order(6, null, null))).isEqualTo("0.190000");
        assertThat(estimate(model, order(null, null, null))).isEqualTo("0.190000");
    }

    @Test
    void aPricePerSecondIsTimesTheRequestedLength() throws IOException {
        ModelSpec model = model("{per_second_usd: 0.112, default_seconds: 5}", "");

        assertThat(estimate(model, order(10, null, null))).isEqualTo("1.120000");
    }

    @Test
    void withoutARequestedLengthThePricingsDefaultLengthCounts() throws IOException {
        ModelSpec model = model("{per_second_usd: 0.112, default_seconds: 5}", "");

        assertThat(estimate(model, order(null, null, null))).isEqualTo("0.560000");
    }

    @Test
    void aModelsDurationDefaultComesBeforeThePricingsDefault() throws IOException {
        ModelSpec model = model("{per_second_usd: 0.10, default_seconds: 5}",
                "    parameters:\n      - {name: duration, type: string, default: \"8s\", values: [\"4s\", \"8s\"]}\n");

        assertThat(estimate(model, order(null, null, null))).isEqualTo("0.800000");
        assertThat(estimate(model, new CostEstimate.Order(null, null, null, Map.of("duration", "\"4s\""))))
                .as("the duration parameter as the request sends it").isEqualTo("0.400000");
    }

    @Test
    void aPerSecondPriceWithoutAnyKnownLengthGivesNoEstimate() throws IOException {
        ModelSpec model = model("{per_second_usd: 0.10}", "");

        assertThat(CostEstimate.of(model, order(null, null, null))).isEmpty();
        assertThat(estimate(model, order(3, null, null))).isEqualTo("0.300000");
    }

    @Test
    void aModelWithoutAPriceHasNoEstimate() throws IOException {
        assertThat(CostEstimate.of(model(null, ""), order(5, "720p", true))).isEmpty();
    }

    @Test
    void aFixedAndAPerSecondPartAddUp() throws IOException {
        ModelSpec model = model("{per_request_usd: 0.05, per_second_usd: 0.01}", "");

        assertThat(estimate(model, order(10, null, null))).isEqualTo("0.150000");
    }

    @ParameterizedTest(name = "{0}s at {1}, audio {2}: {3} USD")
    @CsvSource(nullValues = "-", value = {
        "8, 720p, false, 1.600000",
        "8, 4k,   false, 3.200000",
        "8, -,    false, 1.600000",
        "8, 720p, true,  3.200000",
        "4, 4k,   true,  2.400000",
    })
    void resolutionAndAudioChangeThePerSecondPrice(int seconds, String resolution, boolean audio, String usd)
            throws IOException {
        ModelSpec model = model("{per_second_usd: 0.20, per_second_usd_by_resolution: {4k: 0.40},"
                + " audio_per_second_usd: 0.20, default_seconds: 8}", "");

        assertThat(estimate(model, order(seconds, resolution, audio))).isEqualTo(usd);
    }

    @Test
    void audioFollowsTheRequestThenTheModelsDefaultThenThePricings() throws IOException {
        ModelSpec veoOnTokenLab = model("{per_second_usd: 0.10, audio_per_second_usd: 0.05, default_seconds: 8,"
                + " default_audio: true}", "");
        assertThat(estimate(veoOnTokenLab, order(null, null, null))).as("audio unless told not to")
                .isEqualTo("1.200000");
        assertThat(estimate(veoOnTokenLab, order(null, null, false))).isEqualTo("0.800000");

        ModelSpec silentByDefault = model("{per_second_usd: 0.10, audio_per_second_usd: 0.05, default_seconds: 8}",
                "");
        assertThat(estimate(silentByDefault, order(null, null, null))).isEqualTo("0.800000");
    }

    @Test
    void aHubRequestIsPricedFromItsParametersWithTheTablesDefaults() {
        ModelSpec veo = SHIPPED.find("hub", "veo-3.1").orElseThrow();

        assertThat(estimate(veo, order(null, null, null))).as("8s at 720p, the table's defaults, at 0.40 a second")
                .isEqualTo("3.200000");
        assertThat(estimate(veo, new CostEstimate.Order(null, null, null,
                Map.of("duration", "\"4s\"", "resolution", "\"4k\"", "generate_audio", "false"))))
                .as("4s at 4k, 0.60 a second").isEqualTo("2.400000");
    }

    @Test
    void aPerRequestPriceMayDependOnTheResolution() {
        ModelSpec hailuo = SHIPPED.find("tokenlab", "hailuo-2.3-fast").orElseThrow();

        assertThat(estimate(hailuo, order(10, "768p", null))).isEqualTo("0.190000");
        assertThat(estimate(hailuo, order(10, "1080p", null))).isEqualTo("0.330000");
    }

    @Test
    void theShippedCatalogPricesARequestForEveryModelWithoutALength() {
        for (ModelSpec model : SHIPPED.all()) {
            assertThat(CostEstimate.of(model, order(null, null, null))).as("%s (%s)", model.id(), model.provider())
                    .hasValueSatisfying(usd -> assertThat(usd.signum()).isPositive());
        }
    }

    @Test
    void anEstimateTooLargeForTheEventFieldsIsNone() throws IOException {
        ModelSpec model = model("{per_second_usd: 1000}", "");

        assertThat(CostEstimate.of(model, order(Integer.MAX_VALUE, null, null))).isEmpty();
    }

    @Test
    void everyAmountHasSixPlacesRoundedHalfUp() {
        Pricing discovered = Pricing.perSecond(new BigDecimal("0.0123455"), 1, Pricing.Source.DISCOVERY, null);
        ModelSpec model = SHIPPED.find("tokenlab", "sora-2").orElseThrow().withPricing(discovered);

        assertThat(CostEstimate.of(model, order(1, null, null))).contains(new BigDecimal("0.012346"));
    }

    private static String estimate(ModelSpec model, CostEstimate.Order order) {
        return CostEstimate.of(model, order).map(BigDecimal::toPlainString).orElse("none");
    }

    private static CostEstimate.Order order(Integer seconds, String resolution, Boolean audio) {
        return new CostEstimate.Order(seconds, resolution, audio, Map.of());
    }

    private static ModelSpec model(String pricing, String more) throws IOException {
        String yaml = "models:\n  - id: m\n    provider: tokenlab\n    vendor: V\n    operations: [text-to-video]\n"
                + (pricing == null ? "" : "    pricing: " + pricing + "\n") + more;
        return ModelCatalog.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).all().iterator()
                .next();
    }
}
