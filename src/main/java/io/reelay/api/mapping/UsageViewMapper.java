package io.reelay.api.mapping;

import io.reelay.api.UsageView;
import io.reelay.ledger.SpendLimits;
import io.reelay.lifecycle.query.TenantUsage;

/** A tenant's balance and limits as the usage endpoint shows them. */
public final class UsageViewMapper {

    private UsageViewMapper() {
    }

    public static UsageView view(TenantUsage u, SpendLimits limits) {
        return new UsageView(u.tenant(),
                new UsageView.Amount(UsageView.usd(u.reservedUsd()), u.reservations()),
                new UsageView.Amount(UsageView.usd(u.openUsd()), u.openCount()),
                new UsageView.Settled(UsageView.usd(u.settledUsd()), UsageView.usd(u.settledEstimatesUsd()),
                        u.settledCount()),
                new UsageView.Amount(UsageView.usd(u.releasedUsd()), u.releasedCount()),
                new UsageView.Amount(UsageView.usd(u.flaggedUsd()), u.flaggedCount()),
                u.day(), UsageView.usd(u.spentDayUsd()), u.month(), UsageView.usd(u.spentMonthUsd()),
                new UsageView.Limits(UsageView.usd(limits.perDay()), UsageView.remaining(limits.perDay(), u.spentDayUsd()),
                        UsageView.usd(limits.perMonth()), UsageView.remaining(limits.perMonth(), u.spentMonthUsd())),
                u.updatedAt());
    }
}
