package io.reelay.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.Pricing;

/** Prices travel on the catalog topic with the rest of an entry, and an unchanged price is not published again. */
class CatalogPricingTopicTest {

    private static final Instant FIRST = Instant.parse("2026-12-02T15:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-02T16:00:00Z");

    private static DiscoveredModel veo(Pricing pricing) {
        return new DiscoveredModel("tokenlab", "veo3.1-pro", null, null, null, null, null, null, null, null, null,
                null, null, pricing);
    }

    private static Pricing price(String usd, String fourK, Instant at) {
        return new Pricing(null, Map.of(), new BigDecimal(usd), Map.of("4k", new BigDecimal(fourK)), null, null, null,
                Pricing.Source.DISCOVERY, at);
    }

    @Test
    void anEntrysPricesAreWrittenAndReadBackWithTheirSourceAndDate() {
        DiscoveredModel model = veo(price("0.4", "0.6", FIRST));

        byte[] value = CatalogCodec.encode(model).orElseThrow();

        assertThat(new String(value, StandardCharsets.UTF_8)).contains("\"pricing\":{", "\"per_second_usd\":0.4",
                "\"per_second_usd_by_resolution\":{\"4k\":0.6}", "\"source\":\"discovery\"",
                "\"as_of\":\"2026-12-02T15:00:00Z\"");
        assertThat(CatalogCodec.decode(model.key(), value)).contains(model);
    }

    @Test
    void aValueWrittenBeforePricesExistedStillReads() {
        byte[] old = "{\"provider\":\"tokenlab\",\"id\":\"veo3.1-pro\",\"listed\":true}".getBytes(StandardCharsets.UTF_8);

        assertThat(CatalogCodec.decode("tokenlab/veo3.1-pro", old)).hasValueSatisfying(m ->
                assertThat(m.pricing()).isNull());
    }

    @Test
    void theSamePriceReadAgainLaterIsNoChangeAndKeepsTheDateItWasFirstReadAt() {
        DiscoveredModel onTopic = veo(price("0.4", "0.6", FIRST));

        List<ProducerRecord<String, byte[]>> same = CatalogPublisher.changes("tokenlab",
                List.of(veo(price("0.4", "0.6", LATER))), Set.of("veo3.1-pro"), Map.of(onTopic.key(), onTopic));
        List<ProducerRecord<String, byte[]>> changed = CatalogPublisher.changes("tokenlab",
                List.of(veo(price("0.4", "0.7", LATER))), Set.of("veo3.1-pro"), Map.of(onTopic.key(), onTopic));

        List<ProducerRecord<String, byte[]>> unread = CatalogPublisher.changes("tokenlab",
                List.of(veo(null)), Set.of("veo3.1-pro"), Map.of(onTopic.key(), onTopic));

        assertThat(same).isEmpty();
        assertThat(unread).as("a pricing call that failed is no price change").isEmpty();
        assertThat(changed).singleElement().satisfies(r -> assertThat(CatalogCodec.decode(r.key(), r.value()))
                .hasValueSatisfying(m -> {
                    assertThat(m.pricing().perSecondAt("4k")).contains(new BigDecimal("0.7"));
                    assertThat(m.pricing().asOf()).as("a new price is dated when read").isEqualTo(LATER);
                }));
    }
}
