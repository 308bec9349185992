package io.reelay.upstream.budget;

import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.ServiceLimits;
import io.reelay.catalog.sync.LiveCatalog;
import io.reelay.config.ReelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One set of rate budgets per instance (providers' keys, models' discovered limits), shared by the topology and the share keeper. */
@ApplicationScoped
public class RateBudgetProducer {

    @Produces
    @Singleton
    RateBudgets budgets(ReelayConfig config, LiveCatalog catalog) {
        // A lease outlives any task the tracker still waits for: past that its end was missed.
        long leaseMillis = config.tracker().maxWait().plus(config.tracker().submitOutcomeTimeout()).toMillis();
        return new RateBudgets(config.rateBudget().perMinute(), new ModelBudgets((provider, model) -> catalog
                .find(provider, model).map(ModelSpec::serviceLimits).orElse(ServiceLimits.NONE), leaseMillis),
                config.scheduling().pollReserve()).withTenants(new TenantQuotas(tenant -> {
                    ReelayConfig.Tenant named = config.tenants().get(tenant);
                    return named != null ? new TenantQuotas.Limits(named.maxInFlight().orElse(null),
                            named.submitsPerMinute().orElse(null), named.onLimit() == ReelayConfig.OnLimit.FAIL)
                            : new TenantQuotas.Limits(config.tenancy().defaults().maxInFlight().orElse(null),
                                    config.tenancy().defaults().submitsPerMinute().orElse(null),
                                    config.tenancy().defaults().onLimit() == ReelayConfig.OnLimit.FAIL);
                })).pacedBy(System::currentTimeMillis);
    }
}
