package io.reelay.kafka;

import io.quarkus.runtime.Startup;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The shared key, checked once at start-up: an instance without a usable key does not start. */
@ApplicationScoped
public class InternalKeyProducer {

    // Made at start-up, so that a missing or short key stops the instance before it takes traffic.
    @Produces
    @ApplicationScoped
    @Startup
    InternalKey internalKey(ReelayConfig config) {
        return InternalKey.of(config.internal().key().orElse(null));
    }
}
