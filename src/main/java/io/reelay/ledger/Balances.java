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

    /** What a tenant has committed to spend in the UTC day and month of an instant. */
    public record Spending(String day, BigDecimal spentDay, String month, BigDecimal spentMonth) {
    }

    /**
     * {@code balance}'s spending in the day and month of {@code at}: 0 in a day (month) after the balance's last, its
     * figure in the same one. An instant before the balance's day (another instance's clock behind) reads the
     * balance's day: a day once begun is never read as closed, so a skewed clock cannot reopen a spent budget.
     */
    public static Spending spending(TenantBalance balance, Instant at) {
        BigDecimal zero = LedgerEntries.usd(null);
        String day = DAY.format(at);
        String month = MONTH.format(at);
        if (balance == null) {
            return new Spending(day, zero, month, zero);
        }
        boolean newDay = day.compareTo(balance.getDay()) > 0;
        boolean newMonth = month.compareTo(balance.getMonth()) > 0;
        return new Spending(newDay ? day : balance.getDay(), newDay ? zero : LedgerEntries.usd(balance.getSpentDayUsd()),
                newMonth ? month : balance.getMonth(), newMonth ? zero : LedgerEntries.usd(balance.getSpentMonthUsd()));
    }

    /**
     * Why a reservation of {@code estimate} at {@code at} does not fit {@code limits} (bounded text: the limit, what
     * is spent, the estimate), or null when it fits. Exactly at a limit fits; above it does not.
     */
    public static String refusal(TenantBalance balance, BigDecimal estimate, Instant at, SpendLimits limits) {
        BigDecimal amount = LedgerEntries.usd(estimate);
        Spending spending = spending(balance, at);
        if (limits.perDay() != null && spending.spentDay().add(amount).compareTo(limits.perDay()) > 0) {
            return over("day " + spending.day(), limits.perDay(), spending.spentDay(), amount);
        }
        if (limits.perMonth() != null && spending.spentMonth().add(amount).compareTo(limits.perMonth()) > 0) {
            return over("month " + spending.month(), limits.perMonth(), spending.spentMonth(), amount);
        }
        return null;
    }

    /** A refusal's message as read from video.tasks: bounded, never empty. */
    public static String refusalText(String message) {
        return message == null || message.isBlank()
                ? "The tenant's spending limit would be exceeded by this request's estimate. Nothing was paid."
                : io.reelay.kafka.RecordLimits.cut(message, MAX_REFUSAL_CHARS);
    }

    /** Longest refusal message carried (the figures need far less). */
    public static final int MAX_REFUSAL_CHARS = 500;

    private static String over(String period, BigDecimal limit, BigDecimal spent, BigDecimal estimate) {
        return "The tenant's spending limit for the UTC " + period + " is " + limit.toPlainString() + " USD; "
                + spent.toPlainString() + " USD is committed and this request's estimate is " + estimate.toPlainString()
                + " USD, which would take it over. Nothing was paid.";
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
