package io.reelay.api;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A tenant's usage as GET /v1/tenants/{tenant}/usage shows it: its balance from the ledger (docs/tenants.md,
 * "Balances") and its spending limits. Amounts are USD as decimal strings with 6 places, so no client reads them as
 * binary floating point.
 *
 * @param reserved every reservation (amount and count)
 * @param open reservations neither settled nor released (flagged ones included)
 * @param settled settled amounts (the charges), with the estimates they replaced
 * @param released released reservations
 * @param flagged reservations flagged unknown (still open)
 * @param spentDay committed spending in the current UTC day ({@code day}); spentMonth likewise for {@code month}
 * @param limits the tenant's configured limits (absent: unlimited) and what remains of them
 * @param updatedAt when the last ledger entry of the tenant was written; absent before the first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageView(String tenant, Amount reserved, Amount open, Settled settled, Amount released, Amount flagged,
        String day, String spentDayUsd, String month, String spentMonthUsd, Limits limits, Instant updatedAt) {

    /** An amount and how many entries make it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Amount(String usd, long count) {
    }

    /** What was settled: the charges, the estimates they replaced, how many. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settled(String usd, String estimatesUsd, long count) {
    }

    /** The spending limits (null: unlimited) and what is left of each in the current day and month (never below 0). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limits(String spendPerDayUsd, String remainingDayUsd, String spendPerMonthUsd,
            String remainingMonthUsd) {
    }

    /** USD at 6 places, as text; null stays null. */
    public static String usd(BigDecimal amount) {
        return amount == null ? null : amount.setScale(6, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** What is left of {@code limit} once {@code spent} is: never below 0; null for no limit. */
    public static String remaining(BigDecimal limit, BigDecimal spent) {
        if (limit == null) {
            return null;
        }
        BigDecimal left = limit.subtract(spent);
        return usd(left.signum() < 0 ? BigDecimal.ZERO : left);
    }
}
