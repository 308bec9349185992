package io.reelay.observability.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.Operation;
import io.reelay.catalog.sync.LiveCatalog;

/** Cost meters tag a model by the live catalog, so a model only discovery knows is counted under its own id. */
class TrackerMetricsLiveCatalogTest {

    private static final String NEW_MODEL = "kling-v9.9-discovered";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveCatalog live = new LiveCatalog(ModelCatalog.load());
    private final TrackerMetrics metrics = new TrackerMetrics(meters, live::current);

    @Test
    void aModelOnlyDiscoveryKnowsIsTaggedByItsIdOnceTheCatalogHasIt() {
        metrics.estimated("tokenlab", NEW_MODEL, "default", new BigDecimal("0.50"));
        assertThat(estimated("tokenlab", TrackerMetrics.UNKNOWN)).as("not in the catalog yet").isEqualTo(0.5);

        live.apply(Map.of(DiscoveredModel.key("tokenlab", NEW_MODEL), Optional.of(discovered(NEW_MODEL))));
        metrics.estimated("tokenlab", NEW_MODEL, "default", new BigDecimal("1.25"));
        metrics.charged("tokenlab", NEW_MODEL, "default", new BigDecimal("1.20"));

        assertThat(estimated("tokenlab", NEW_MODEL)).isEqualTo(1.25);
        assertThat(meters.get(TrackerMetrics.COST_CHARGED).tags("provider", "tokenlab", "model", NEW_MODEL).counter()
                .count()).isEqualTo(1.2);
        assertThat(metrics.inCatalog("tokenlab", NEW_MODEL)).isTrue();
        assertThat(metrics.inCatalog("hub", NEW_MODEL)).as("another provider's id is not this one's").isFalse();
    }

    @Test
    void anythingOutsideTheCatalogStaysUnknownSoTheTagsStayBounded() {
        for (int i = 0; i < 50; i++) {
            metrics.estimated("tokenlab", "made-up-" + i, "default", BigDecimal.ONE);
            metrics.estimated("provider-" + i, "veo3.1", "default", BigDecimal.ONE);
        }
        assertThat(estimated("tokenlab", TrackerMetrics.UNKNOWN)).isEqualTo(50.0);
        assertThat(estimated(TrackerMetrics.UNKNOWN, TrackerMetrics.UNKNOWN)).isEqualTo(50.0);
        assertThat(meters.find(TrackerMetrics.COST_ESTIMATED).counters()).hasSize(2);
    }

    @Test
    void aModelDiscoveryForgetsIsUnknownAgain() {
        String key = DiscoveredModel.key("tokenlab", NEW_MODEL);
        live.apply(Map.of(key, Optional.of(discovered(NEW_MODEL))));
        live.apply(Map.of(key, Optional.empty()));

        metrics.estimated("tokenlab", NEW_MODEL, "default", BigDecimal.ONE);

        assertThat(estimated("tokenlab", TrackerMetrics.UNKNOWN)).isEqualTo(1.0);
    }

    private double estimated(String provider, String model) {
        return meters.get(TrackerMetrics.COST_ESTIMATED).tags("provider", provider, "model", model).counter().count();
    }

    private static DiscoveredModel discovered(String id) {
        return new DiscoveredModel("tokenlab", id, "kuaishou", "Kling 9.9", null, true,
                Set.of(Operation.TEXT_TO_VIDEO), null, null, null, null, null, null);
    }
}
