package io.reelay.intake.validation;

import java.time.Clock;

import io.reelay.catalog.sync.LiveCatalog;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the validator, built on the live catalog and the configured limits, injectable. */
@ApplicationScoped
public class ValidatorProducer {

    @Produces
    @Singleton
    RequestValidator validator(LiveCatalog catalog, ReelayConfig config) {
        return new RequestValidator(catalog::current, config.validation(), config.routing().models(),
                config.catalog().retiredModels(), Clock.systemUTC(),
                CallbackUrlPolicy.of(config.webhooks().allowLoopback()));
    }
}
