package io.reelay.intake.validation;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the validator, built on the catalog and the configured limits, injectable. */
@ApplicationScoped
public class ValidatorProducer {

    @Produces
    @Singleton
    RequestValidator validator(ModelCatalog catalog, ReelayConfig config) {
        return new RequestValidator(catalog, config.validation(), config.routing().models());
    }
}
