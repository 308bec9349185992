package io.reelay.ledger;

import java.math.BigDecimal;

import io.reelay.config.ReelayConfig;

/**
 * A tenant's spending limits in USD, per UTC day and per UTC month; null: unlimited. A tenant named under
 * {@code reelay.tenants} has its own (unset there: unlimited), any other the defaults ({@code reelay.tenancy.defaults}),
 * as with the quotas.
 */
public record SpendLimits(BigDecimal perDay, BigDecimal perMonth) {

    public static final SpendLimits NONE = new SpendLimits(null, null);

    public SpendLimits {
        perDay = perDay == null ? null : LedgerEntries.usd(perDay);
        perMonth = perMonth == null ? null : LedgerEntries.usd(perMonth);
    }

    /** {@code tenant}'s limits as configured. */
    public static SpendLimits of(ReelayConfig config, String tenant) {
        ReelayConfig.TenantDefaults settings = config.tenants().get(tenant);
        if (settings == null) {
            settings = config.tenancy().defaults();
        }
        return new SpendLimits(settings.spendPerDayUsd().orElse(null), settings.spendPerMonthUsd().orElse(null));
    }

    /** Whether either limit is set: only then does a reservation wait for the ledger's check. */
    public boolean limited() {
        return perDay != null || perMonth != null;
    }
}
