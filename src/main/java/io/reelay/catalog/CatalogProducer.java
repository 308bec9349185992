package io.reelay.catalog;

import io.quarkus.runtime.Startup;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shipped catalog as a bean, read once; bare ids resolve the way requests are routed. */
@Singleton
public class CatalogProducer {

    // Read at startup so that a broken data file stops the service before it takes traffic.
    @Produces
    @Singleton
    @Startup
    ModelCatalog catalog(ReelayConfig config) {
        ReelayConfig.Routing routing = config.routing();
        return ModelCatalog.load().routedBy(id -> routing.models().getOrDefault(id, routing.defaultProvider()));
    }
}
