package io.reelay.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.reelay.events.LedgerEntry;
import io.reelay.state.TenantBalance;

/**
 * A tenant's balance moved on by one ledger entry. Pure. The identity it keeps: reserved = settled estimates +
 * released + open (each reservation is in exactly one of the three); amounts never go below 0.
 */
public final class Balances {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private Balances() {
    }

    /** A tenant with no entry yet. */
    public static TenantBalance empty(String tenant) {
        BigDecimal zero = LedgerEntries.usd(null);
        return TenantBalance.newBuilder().setTenant(tenant).setReservedUsd(zero).setReservations(0).setOpenUsd(zero)
                .setOpenCount(0).setSettledUsd(zero).setSettledEstimatesUsd(zero).setSettledCount(0)
                .setReleasedUsd(zero).setReleasedCount(0).setFlaggedUsd(zero).setFlaggedCount(0).setDay("")
                .setSpentDayUsd(zero).setMonth("").setSpentMonthUsd(zero).setUpdatedAt(0).build();
    }

    /** {@code balance} (null: none yet) after {@code entry}. An entry of an unknown kind changes nothing. */
    public static TenantBalance apply(TenantBalance balance, LedgerEntry entry) {
        TenantBalance b = TenantBalance.newBuilder(balance == null ? empty(entry.getTenant()) : balance).build();
        BigDecimal amount = LedgerEntries.usd(entry.getAmountUsd());
        BigDecimal estimate = LedgerEntries.usd(entry.getEstimatedCostUsd());
        BigDecimal spent; // what the entry adds to the day's and the month's committed spending (may be negative)
        switch (entry.getKind()) {
            case reserve:
                b.setReservedUsd(b.getReservedUsd().add(amount));
                b.setReservations(b.getReservations() + 1);
                b.setOpenUsd(b.getOpenUsd().add(amount));
                b.setOpenCount(b.getOpenCount() + 1);
                spent = amount;
                break;
            case settle:
                close(b, estimate);
                b.setSettledUsd(b.getSettledUsd().add(amount));
                b.setSettledEstimatesUsd(b.getSettledEstimatesUsd().add(estimate));
                b.setSettledCount(b.getSettledCount() + 1);
                spent = amount.subtract(estimate);
                break;
            case release:
                close(b, estimate);
                b.setReleasedUsd(b.getReleasedUsd().add(estimate));
                b.setReleasedCount(b.getReleasedCount() + 1);
                spent = estimate.negate();
                break;
            case flag_unknown:
                // Stays open (and counts as spent): the task may exist and be charged.
                b.setFlaggedUsd(b.getFlaggedUsd().add(estimate));
                b.setFlaggedCount(b.getFlaggedCount() + 1);
                spent = BigDecimal.ZERO;
                break;
            default:
                return b;
        }
        Instant at = entry.getAt() == null ? Instant.EPOCH : entry.getAt();
        String day = DAY.format(at);
        String month = MONTH.format(at);
        if (day.compareTo(b.getDay()) > 0) {
            b.setDay(day);
            b.setSpentDayUsd(LedgerEntries.usd(null));
        }
        if (month.compareTo(b.getMonth()) > 0) {
            b.setMonth(month);
            b.setSpentMonthUsd(LedgerEntries.usd(null));
        }
        if (day.equals(b.getDay())) { // an entry of an earlier day (another instance's clock) counts in its month only
            b.setSpentDayUsd(nonNegative(b.getSpentDayUsd().add(spent)));
        }
        if (month.equals(b.getMonth())) {
            b.setSpentMonthUsd(nonNegative(b.getSpentMonthUsd().add(spent)));
        }
        b.setUpdatedAt(Math.max(b.getUpdatedAt(), at.toEpochMilli()));
        return b;
    }

    /** A reservation ends: out of the open ones (never below 0: an end without its reserve is counted, not trusted). */
    private static void close(TenantBalance b, BigDecimal estimate) {
        b.setOpenUsd(nonNegative(b.getOpenUsd().subtract(estimate)));
        b.setOpenCount(Math.max(0, b.getOpenCount() - 1));
    }

    private static BigDecimal nonNegative(BigDecimal value) {
        return value.signum() < 0 ? LedgerEntries.usd(null) : value;
    }
}
