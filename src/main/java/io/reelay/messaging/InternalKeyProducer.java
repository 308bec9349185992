package io.reelay.messaging;

import io.reelay.messaging.config.InternalKeyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The shared key, checked once at start-up: an instance without a usable key does not start. */
@ApplicationScoped
public class InternalKeyProducer {

    @Produces
    @ApplicationScoped
    InternalKey internalKey(InternalKeyConfig config) {
        return InternalKey.of(config.key());
    }
}
