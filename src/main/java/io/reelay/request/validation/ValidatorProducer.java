package io.reelay.request.validation;

import io.reelay.catalog.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the validator, built on the catalog and the configured limits, injectable. */
@ApplicationScoped
public class ValidatorProducer {

    @Produces
    @Singleton
    RequestValidator validator(ModelCatalog catalog, ValidationConfig config) {
        return new RequestValidator(catalog, ValidationSettings.from(config));
    }
}
