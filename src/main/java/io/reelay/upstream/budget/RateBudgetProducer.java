package io.reelay.upstream.budget;

import io.reelay.upstream.config.RateBudgetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One set of rate budgets per instance, shared by the topology and the share keeper. */
@ApplicationScoped
public class RateBudgetProducer {

    @Produces
    @Singleton
    RateBudgets budgets(RateBudgetConfig config) {
        return new RateBudgets(config.perMinute());
    }
}
