package io.reelay.upstream.budget;

import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One set of rate budgets per instance, shared by the topology and the share keeper. */
@ApplicationScoped
public class RateBudgetProducer {

    @Produces
    @Singleton
    RateBudgets budgets(ReelayConfig config) {
        return new RateBudgets(config.rateBudget().perMinute());
    }
}
