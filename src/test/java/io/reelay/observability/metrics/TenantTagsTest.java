package io.reelay.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import net.jqwik.api.Arbitraries;

class TenantTagsTest {

    private static final ReelayConfig CONFIG = TestConfig.defaults()
            .with("reelay.tenancy.default-tenant", "shared")
            .with("reelay.tenants.team-a.weight", "3")
            .with("reelay.api.auth.clients.acme.key", "acme-key")
            .build();
    private static final ModelCatalog CATALOG = ModelCatalog.load();

    @Test
    void configuredTenantsApiClientsAndTheDefaultTenantAreTaggedAsThemselves() {
        TenantTags tags = TenantTags.of(CONFIG);

        assertThat(tags.known()).containsExactly("acme", "shared", "team-a");
        assertThat(tags.tag("team-a")).isEqualTo("team-a");
        assertThat(tags.tag("acme")).isEqualTo("acme");
        assertThat(tags.tag("shared")).isEqualTo("shared");
        assertThat(tags.tag("default")).as("not this deployment's default").isEqualTo(TenantTags.OTHER);
        assertThat(tags.tag("producer-7")).isEqualTo(TenantTags.OTHER);
        assertThat(tags.tag(null)).isEqualTo(TenantTags.NONE);
    }

    @Test
    void aConfiguredNameThatIsNoTenantNameIsNeverATag() {
        TenantTags tags = new TenantTags(java.util.Set.of("Team A", "ok"));

        assertThat(tags.known()).containsExactly("ok");
        assertThat(tags.tag("Team A")).isEqualTo(TenantTags.OTHER);
    }

    @Test
    void thousandsOfProducerTenantsAddOneSeriesPerMeter() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrackerMetrics metrics = new TrackerMetrics(meters, () -> CATALOG, TenantTags.of(CONFIG));

        Arbitraries.strings().all().ofMaxLength(80).injectNull(0.05).sampleStream().limit(5_000).forEach(tenant -> {
            metrics.received("tokenlab", "veo3.1", tenant);
            metrics.estimated("tokenlab", "veo3.1", tenant, BigDecimal.ONE);
        });
        metrics.received("tokenlab", "veo3.1", "team-a");

        assertThat(meters.find(TrackerMetrics.RECEIVED).counters())
                .extracting(c -> c.getId().getTag(TrackerMetrics.TENANT))
                .containsExactlyInAnyOrder(TenantTags.OTHER, TenantTags.NONE, "team-a");
        assertThat(meters.find(TrackerMetrics.COST_ESTIMATED).counters()).hasSizeLessThanOrEqualTo(2);
        assertThat(meters.get(TrackerMetrics.RECEIVED).tag(TrackerMetrics.TENANT, "team-a").counter().count())
                .isEqualTo(1);
    }
}
