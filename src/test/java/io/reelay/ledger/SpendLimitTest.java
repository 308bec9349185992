package io.reelay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.state.TenantBalance;

/** The spending-limit arithmetic: what a tenant has spent in a day and month, and whether an estimate fits. */
class SpendLimitTest {

    private static final SpendLimits TEN_A_DAY = new SpendLimits(new BigDecimal("10"), null);
    private static final SpendLimits HUNDRED_A_MONTH = new SpendLimits(null, new BigDecimal("100"));

    @Test
    void exactlyAtTheLimitFitsAndOneMillionthMoreDoesNot() {
        TenantBalance b = apply(null, "r1", LedgerEntryKind.reserve, "6", "2026-12-03T10:00:00Z");
        Instant at = Instant.parse("2026-12-03T11:00:00Z");

        assertThat(Balances.refusal(b, new BigDecimal("4"), at, TEN_A_DAY)).isNull();
        assertThat(Balances.refusal(b, new BigDecimal("4.000001"), at, TEN_A_DAY)).isEqualTo(
                "The tenant's spending limit for the UTC day 2026-12-03 is 10.000000 USD; 6.000000 USD is committed and"
                        + " this request's estimate is 4.000001 USD, which would take it over. Nothing was paid.");
        assertThat(Balances.refusal(b, new BigDecimal("1000"), at, SpendLimits.NONE)).isNull();
    }

    @Test
    void aNewUtcDayStartsAtZeroWhileTheMonthGoesOn() {
        TenantBalance b = apply(null, "r1", LedgerEntryKind.reserve, "9", "2026-12-03T23:59:59Z");
        SpendLimits both = new SpendLimits(new BigDecimal("10"), new BigDecimal("12"));

        Instant nextDay = Instant.parse("2026-12-04T00:00:00Z");
        assertThat(Balances.spending(b, nextDay)).isEqualTo(new Balances.Spending("2026-12-04", usd("0"), "2026-12",
                usd("9")));
        assertThat(Balances.refusal(b, new BigDecimal("3"), nextDay, both)).isNull();
        assertThat(Balances.refusal(b, new BigDecimal("3.5"), nextDay, both)).contains("UTC month 2026-12 is 12.000000"
                + " USD; 9.000000 USD is committed");
        // The same day: the day's limit speaks first.
        assertThat(Balances.refusal(b, new BigDecimal("3.5"), Instant.parse("2026-12-03T23:59:59.5Z"), both))
                .contains("UTC day 2026-12-03");
    }

    @Test
    void aNewMonthStartsAtZero() {
        TenantBalance b = apply(null, "r1", LedgerEntryKind.reserve, "99", "2026-11-30T12:00:00Z");

        assertThat(Balances.refusal(b, new BigDecimal("2"), Instant.parse("2026-11-30T13:00:00Z"), HUNDRED_A_MONTH))
                .contains("UTC month 2026-11");
        assertThat(Balances.refusal(b, new BigDecimal("100"), Instant.parse("2026-12-01T00:00:00Z"), HUNDRED_A_MONTH))
                .isNull();
    }

    @Test
    void aClockBehindTheBalancesDayDoesNotReopenASpentDay() {
        TenantBalance b = apply(null, "r1", LedgerEntryKind.reserve, "10", "2026-12-03T00:00:01Z");

        Instant behind = Instant.parse("2026-12-02T23:59:59Z");
        assertThat(Balances.spending(b, behind).day()).isEqualTo("2026-12-03");
        assertThat(Balances.refusal(b, new BigDecimal("0.000001"), behind, TEN_A_DAY)).isNotNull();
    }

    @Test
    void releasesAndCheaperSettlesGiveTheBudgetBack() {
        TenantBalance b = apply(null, "r1", LedgerEntryKind.reserve, "6", "2026-12-03T10:00:00Z");
        b = apply(b, "r2", LedgerEntryKind.reserve, "3", "2026-12-03T10:00:01Z");
        Instant at = Instant.parse("2026-12-03T12:00:00Z");
        assertThat(Balances.refusal(b, new BigDecimal("2"), at, TEN_A_DAY)).isNotNull();

        b = apply(b, "r2", LedgerEntryKind.release, "3", "2026-12-03T10:30:00Z");
        b = Balances.apply(b, entry("r1", LedgerEntryKind.settle, new BigDecimal("1"), new BigDecimal("6"),
                "2026-12-03T11:00:00Z"));

        assertThat(Balances.spending(b, at).spentDay()).isEqualTo(usd("1"));
        assertThat(Balances.refusal(b, new BigDecimal("9"), at, TEN_A_DAY)).isNull();
        assertThat(Balances.refusal(b, new BigDecimal("9.000001"), at, TEN_A_DAY)).isNotNull();
    }

    @Test
    void aTenantWithoutEntriesHasSpentNothing() {
        Instant at = Instant.parse("2026-12-03T12:00:00Z");
        assertThat(Balances.spending(null, at)).isEqualTo(new Balances.Spending("2026-12-03", usd("0"), "2026-12",
                usd("0")));
        assertThat(Balances.refusal(null, new BigDecimal("10"), at, TEN_A_DAY)).isNull();
        assertThat(Balances.refusal(null, new BigDecimal("10.5"), at, TEN_A_DAY)).isNotNull();
    }

    private static TenantBalance apply(TenantBalance b, String id, LedgerEntryKind kind, String estimate, String at) {
        return Balances.apply(b, entry(id, kind, new BigDecimal(estimate), new BigDecimal(estimate), at));
    }

    private static LedgerEntry entry(String id, LedgerEntryKind kind, BigDecimal amount, BigDecimal estimate,
            String at) {
        return LedgerEntry.newBuilder().setEntryId(id + "/" + kind).setTenant("acme").setRequestId(id).setKind(kind)
                .setAmountUsd(LedgerEntries.usd(amount)).setEstimatedCostUsd(LedgerEntries.usd(estimate))
                .setActualCostUsd(kind == LedgerEntryKind.settle ? LedgerEntries.usd(amount) : null)
                .setAt(Instant.parse(at)).build();
    }

    private static BigDecimal usd(String value) {
        return LedgerEntries.usd(new BigDecimal(value));
    }
}
