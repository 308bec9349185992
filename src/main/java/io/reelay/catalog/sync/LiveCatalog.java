package io.reelay.catalog.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.reelay.catalog.CatalogOverlay;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.PricingOverlay;

/**
 * The catalog every consumer reads now: the shipped catalog overlaid with the discovered entries read from the
 * catalog topic (see {@link CatalogOverlay}), their prices included (see {@link PricingOverlay}). Each {@link #current()} is an immutable snapshot; a change from the
 * topic swaps the snapshot whole, so a request is judged against one catalog from start to end. With nothing
 * discovered (discovery unreachable, topic empty) it is the shipped catalog.
 */
public final class LiveCatalog {

    private static final Logger LOG = Logger.getLogger(LiveCatalog.class);

    private final ModelCatalog shipped;
    private final Map<String, DiscoveredModel> discovered = new LinkedHashMap<>();
    private volatile ModelCatalog current;

    public LiveCatalog(ModelCatalog shipped) {
        this.shipped = shipped;
        this.current = shipped;
    }

    /** The catalog to judge by now. */
    public ModelCatalog current() {
        return current;
    }

    /** The shipped catalog, the offline default. */
    public ModelCatalog shipped() {
        return shipped;
    }

    /** What the topic holds now, by key ({@link DiscoveredModel#key}). */
    public synchronized Map<String, DiscoveredModel> discovered() {
        return Map.copyOf(discovered);
    }

    /**
     * Takes changes read from the topic: an entry per key, null to forget the key (a tombstone), and rebuilds the
     * snapshot once for all of them.
     */
    public synchronized void apply(Map<String, Optional<DiscoveredModel>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        changes.forEach((key, model) -> {
            if (model.isPresent()) {
                discovered.put(key, model.get());
            } else {
                discovered.remove(key);
            }
        });
        CatalogOverlay.Result result = CatalogOverlay.overlay(shipped, discovered.values());
        if (result.rejected() > 0) {
            LOG.warnf("Catalog: %d discovered entries could not be used; their models keep the shipped facts",
                    result.rejected());
        }
        current = PricingOverlay.overlay(result.catalog(), discovered.values());
    }

    /** The entry of this provider and model in the current snapshot. */
    public Optional<ModelSpec> find(String provider, String model) {
        return current.find(provider, model);
    }
}
