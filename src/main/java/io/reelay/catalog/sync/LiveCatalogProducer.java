package io.reelay.catalog.sync;

import io.reelay.catalog.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One live catalog per instance, starting as the shipped (routed) catalog. */
@ApplicationScoped
public class LiveCatalogProducer {

    @Produces
    @Singleton
    LiveCatalog live(ModelCatalog shipped) {
        return new LiveCatalog(shipped);
    }
}
