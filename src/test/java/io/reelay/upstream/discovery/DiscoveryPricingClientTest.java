package io.reelay.upstream.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.Pricing;
import io.reelay.catalog.discovery.Discovery;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.reelay.testing.LoopbackHttp;
import io.reelay.testing.RecordingServer;
import io.reelay.testing.RecordingServer.Answer;

/** Prices read in a discovery round over real HTTP: the price list first, then each model's own, then its summary. */
class DiscoveryPricingClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final String MODELS = """
            {"object": "list", "data": [
              {"id": "veo3", "tokenlab": {"request_format_summary": {"supported_operations": ["text-to-video"]}},
               "pricing_summary": {"billing_unit": "per_second", "price_per_second_usd": 0.35,
                                   "has_complex_pricing": false}},
              {"id": "wan-2.5", "tokenlab": {"request_format_summary": {"supported_operations": ["text-to-video"]}},
               "pricing_summary": {"billing_unit": "per_second", "price_per_second_usd": 0.05,
                                   "has_complex_pricing": true}},
              {"id": "veo3-pro", "tokenlab": {"request_format_summary": {"supported_operations": ["text-to-video"]}}}]}
            """;

    private LoopbackHttp http;

    @BeforeEach
    void start() {
        http = LoopbackHttp.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private DiscoveryClient client(String tokenLabBase, String hubBase) {
        return new DiscoveryClient(http.webClient(), tokenLabBase, Optional.ofNullable(hubBase), Optional.of("k"),
                Duration.ofSeconds(5), UpstreamTelemetry.disabled(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void thePriceListPricesWhatItNamesAndAModelItLacksTakesItsCompleteSummaryOrItsOwnPricing() throws Exception {
        RecordingServer tokenLab = http.recording(request -> switch (request.path()) {
            case "/v1/models" -> Answer.json(200, MODELS);
            case "/v1/pricing" -> Answer.json(200, """
                    {"object": "list", "data": [{"model": "veo3", "billing_unit": "per_second",
                      "price_per_second_usd": 0.40}]}
                    """);
            case "/v1/models/wan-2.5/pricing" -> Answer.json(200, """
                    {"model": "wan-2.5", "billing_unit": "per_second", "price_per_second_usd": 0.05,
                     "has_complex_pricing": true, "resolution_prices": [{"resolution": "1080p",
                     "price_per_second_usd": 0.15}]}
                    """);
            default -> Answer.json(404, "{\"error\": {\"code\": \"model_not_found\"}}");
        });

        Discovery d = client(tokenLab.baseUrl(), null).tokenLab().await().atMost(WAIT);

        assertThat(price(d, "veo3").perSecondUsd()).as("the list wins over the summary").isEqualByComparingTo("0.40");
        assertThat(price(d, "veo3").source()).isEqualTo(Pricing.Source.DISCOVERY);
        assertThat(price(d, "veo3").asOf()).isEqualTo(NOW);
        assertThat(price(d, "wan-2.5").perSecondAt("1080p")).contains(new BigDecimal("0.15"));
        assertThat(price(d, "veo3-pro")).as("priced nowhere: the shipped price stays").isNull();
        assertThat(tokenLab.received()).extracting(RecordingServer.Received::uri).containsExactly(
                "/v1/models?category=video&view=full", "/v1/pricing", "/v1/models/wan-2.5/pricing",
                "/v1/models/veo3-pro/pricing");
        assertThat(tokenLab.received()).allSatisfy(r -> assertThat(r.authorization()).isNull());
    }

    @Test
    void pricingThatCannotBeReadPricesNothingAndFailsNothing() throws Exception {
        RecordingServer tokenLab = http.recording(request -> request.path().equals("/v1/models")
                ? Answer.json(200, MODELS) : Answer.json(503, "{\"error\": \"down\"}"));

        Discovery d = client(tokenLab.baseUrl(), null).tokenLab().await().atMost(WAIT);

        assertThat(d.models()).hasSize(3);
        assertThat(price(d, "veo3").perSecondUsd()).as("its complete summary").isEqualByComparingTo("0.35");
        assertThat(price(d, "wan-2.5")).as("an incomplete summary is no price").isNull();
        assertThat(price(d, "veo3-pro")).isNull();
    }

    @Test
    void theHubsDetailPricingIsRead() throws Exception {
        RecordingServer hub = http.recording(request -> request.path().endsWith("/hub/v1/models")
                ? Answer.json(200, "{\"data\": [{\"id\": \"veo-3.1\", \"category\": \"text-to-video\"}]}")
                : Answer.json(200, """
                        {"id": "veo-3.1", "category": "text-to-video",
                         "input_schema": {"properties": {"prompt": {"type": "string"}}, "required": ["prompt"]},
                         "pricing": {"currency": "USD", "billing_unit": "per_second", "price_per_second_usd": 0.40,
                           "has_complex_pricing": true, "charged_on": "completed",
                           "resolution_prices": [{"resolution": "4k", "price_per_second_usd": 0.60}]}}
                        """));

        Discovery d = client("https://tokenlab.invalid", hub.baseUrl()).hub().await().atMost(WAIT);

        assertThat(price(d, "veo-3.1").perSecondAt("4k")).contains(new BigDecimal("0.6"));
    }

    private static Pricing price(Discovery d, String id) {
        return d.models().stream().filter(m -> m.id().equals(id)).findFirst().map(DiscoveredModel::pricing)
                .orElse(null);
    }
}
