package io.reelay.lifecycle.query;

import java.math.BigDecimal;
import java.time.Instant;

import io.reelay.ledger.Balances;
import io.reelay.ledger.LedgerEntries;
import io.reelay.state.TenantBalance;

/**
 * A tenant's balance as the usage endpoint shows it (amounts in USD at scale 6), its day's and month's spending those
 * of the instant it was read at (0 once a new UTC day or month has begun without an entry).
 */
public record TenantUsage(String tenant, BigDecimal reservedUsd, long reservations, BigDecimal openUsd,
        long openCount, BigDecimal settledUsd, BigDecimal settledEstimatesUsd, long settledCount,
        BigDecimal releasedUsd, long releasedCount, BigDecimal flaggedUsd, long flaggedCount, String day,
        BigDecimal spentDayUsd, String month, BigDecimal spentMonthUsd, Instant updatedAt) {

    /** {@code balance} (null: no entry yet) read at {@code now}. */
    public static TenantUsage of(String tenant, TenantBalance balance, Instant now) {
        TenantBalance b = balance == null ? Balances.empty(tenant) : balance;
        Balances.Spending spending = Balances.spending(balance, now);
        return new TenantUsage(tenant, usd(b.getReservedUsd()), b.getReservations(), usd(b.getOpenUsd()),
                b.getOpenCount(), usd(b.getSettledUsd()), usd(b.getSettledEstimatesUsd()), b.getSettledCount(),
                usd(b.getReleasedUsd()), b.getReleasedCount(), usd(b.getFlaggedUsd()), b.getFlaggedCount(),
                spending.day(), spending.spentDay(), spending.month(), spending.spentMonth(),
                b.getUpdatedAt() <= 0 ? null : Instant.ofEpochMilli(b.getUpdatedAt()));
    }

    private static BigDecimal usd(BigDecimal value) {
        return LedgerEntries.usd(value);
    }
}
