package io.reelay.api.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.reelay.ledger.Balances;
import io.reelay.ledger.SpendLimits;
import io.reelay.lifecycle.query.TenantUsage;

/** The usage answer as a client reads it: amounts as 6-place strings, limits and what remains of them. */
class UsageViewMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aTenantWithoutEntriesAnswersZerosAndItsWholeLimits() throws Exception {
        TenantUsage usage = TenantUsage.of("acme", null, Instant.parse("2026-12-03T12:00:00Z"));

        JsonNode json = JSON.valueToTree(UsageViewMapper.view(usage, new SpendLimits(new BigDecimal("25"), null)));

        assertThat(json.path("tenant").asText()).isEqualTo("acme");
        assertThat(json.path("reserved").path("usd").asText()).isEqualTo("0.000000");
        assertThat(json.path("reserved").path("count").asLong()).isZero();
        assertThat(json.path("settled").path("estimates_usd").asText()).isEqualTo("0.000000");
        assertThat(json.path("day").asText()).isEqualTo("2026-12-03");
        assertThat(json.path("month").asText()).isEqualTo("2026-12");
        assertThat(json.path("spent_day_usd").asText()).isEqualTo("0.000000");
        assertThat(json.path("limits").path("spend_per_day_usd").asText()).isEqualTo("25.000000");
        assertThat(json.path("limits").path("remaining_day_usd").asText()).isEqualTo("25.000000");
        assertThat(json.path("limits").has("spend_per_month_usd")).isFalse(); // unlimited
        assertThat(json.has("updated_at")).isFalse();
    }

    @Test
    void whatRemainsNeverGoesBelowZero() {
        TenantUsage usage = new TenantUsage("acme", d("12"), 2, d("0"), 0, d("12"), d("12"), 2, d("0"), 0, d("0"), 0,
                "2026-12-03", d("12"), "2026-12", d("12"), Instant.parse("2026-12-03T11:00:00Z"));

        var view = UsageViewMapper.view(usage, new SpendLimits(new BigDecimal("10"), new BigDecimal("100")));

        assertThat(view.limits().remainingDayUsd()).isEqualTo("0.000000");
        assertThat(view.limits().remainingMonthUsd()).isEqualTo("88.000000");
        assertThat(view.updatedAt()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(Balances.spending(null, Instant.EPOCH).day()).isEqualTo("1970-01-01");
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value).setScale(6);
    }
}
