package io.reelay.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.state.TenantBalance;

/**
 * The spending-limit check over generated histories of one limited tenant, as the keeper sees them: every reserve
 * waits for the check, requests interleaved over days and months (clocks out of order), each refused one released by
 * its lifecycle, charges at or below the estimate. Whatever the order and the limits: the
 * committed spending of a day or month never passes its limit, refused reservations are never counted, the balance
 * identity holds, and every refused reservation is forgotten at its release.
 */
class LimitChecksPropertiesTest {

    record Request(BigDecimal estimate, int end, BigDecimal chargeShare, long reservedAt, long endedAfter) {
    }

    @Provide
    Arbitrary<List<Request>> histories() {
        Arbitrary<BigDecimal> money = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("40"))
                .ofScale(6);
        Arbitrary<BigDecimal> share = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(3);
        Arbitrary<Request> request = Combinators.combine(money, Arbitraries.integers().between(0, 3),
                share.injectNull(0.5), Arbitraries.longs().between(0, 62L * 86_400_000),
                Arbitraries.longs().between(0, 2 * 86_400_000L)).as(Request::new);
        return request.list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<SpendLimits> limits() {
        Arbitrary<BigDecimal> limit = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("200"))
                .ofScale(2).injectNull(0.3);
        return Combinators.combine(limit, limit).as(SpendLimits::new);
    }

    @Property(tries = 3000)
    void aLimitIsNeverPassedAndARefusedReservationNeverCounts(@ForAll("histories") List<Request> requests,
            @ForAll("limits") SpendLimits limits, @ForAll long seed) {
        Random random = new Random(seed);
        // Per request: its reserve, then its end (when it has one); requests interleaved, each in its own order.
        List<List<LedgerEntry>> perRequest = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            List<LedgerEntry> own = new ArrayList<>();
            own.add(entry("r" + i, LedgerEntryKind.reserve, r.estimate(), r.estimate(), null, r.reservedAt(), true));
            long endAt = r.reservedAt() + r.endedAfter();
            BigDecimal charge = r.chargeShare() == null ? null : r.estimate().multiply(r.chargeShare());
            switch (r.end()) {
                case 0 -> own.add(entry("r" + i, LedgerEntryKind.settle, charge == null ? r.estimate() : charge,
                        r.estimate(), charge, endAt, null));
                case 1 -> own.add(entry("r" + i, LedgerEntryKind.release, r.estimate(), r.estimate(), null, endAt,
                        null));
                case 2 -> own.add(entry("r" + i, LedgerEntryKind.flag_unknown, r.estimate(), r.estimate(), null,
                        endAt, null));
                default -> { } // still open
            }
            perRequest.add(own);
        }

        TenantBalance b = null;
        Set<String> refused = new HashSet<>();
        Map<String, Boolean> confirmed = new HashMap<>();
        long refusals = 0;
        while (!perRequest.isEmpty()) {
            List<LedgerEntry> pick = perRequest.get(random.nextInt(perRequest.size()));
            LedgerEntry e = pick.remove(0);
            if (pick.isEmpty()) {
                perRequest.remove(pick);
            }
            if (e.getKind() != LedgerEntryKind.reserve && refused.contains(e.getRequestId())) {
                // Its lifecycle ended it budget_exceeded before any call: a release, whatever was planned.
                e = entry(e.getRequestId(), LedgerEntryKind.release, e.getEstimatedCostUsd(), e.getEstimatedCostUsd(),
                        null, e.getAt().toEpochMilli(), null);
            }
            boolean refusedBefore = refused.contains(e.getRequestId());
            LimitChecks.Step step = LimitChecks.apply(b, refusedBefore, e, limits);
            if (step.answer() == LimitChecks.Answer.REFUSED) {
                refusals++;
                assertThat(step.message()).isNotBlank().hasSizeLessThanOrEqualTo(Balances.MAX_REFUSAL_CHARS);
                assertThat(step.balance()).as("a refused reservation changes nothing").isEqualTo(b);
            }
            if (step.answer() != null) {
                confirmed.put(e.getRequestId(), step.answer() == LimitChecks.Answer.CONFIRMED);
            }
            if (step.refused()) {
                refused.add(e.getRequestId());
            } else {
                refused.remove(e.getRequestId());
            }
            b = step.balance();
            if (b == null) {
                continue;
            }
            if (limits.perDay() != null) {
                assertThat(b.getSpentDayUsd()).as("the day's spending").isLessThanOrEqualTo(limits.perDay());
            }
            if (limits.perMonth() != null) {
                assertThat(b.getSpentMonthUsd()).as("the month's spending").isLessThanOrEqualTo(limits.perMonth());
            }
            assertThat(b.getReservedUsd()).isEqualByComparingTo(
                    b.getSettledEstimatesUsd().add(b.getReleasedUsd()).add(b.getOpenUsd()));
            assertThat(b.getOpenCount()).isNotNegative();
        }
        long admitted = confirmed.values().stream().filter(Boolean::booleanValue).count();
        assertThat(admitted + refusals).isEqualTo(requests.size());
        if (b != null) {
            assertThat(b.getReservations()).as("only confirmed reservations count").isEqualTo(admitted);
        }
        assertThat(refused).as("only refused requests still open are remembered")
                .allMatch(id -> requests.get(Integer.parseInt(id.substring(1))).end() == 3);
    }

    private static LedgerEntry entry(String id, LedgerEntryKind kind, BigDecimal amount, BigDecimal estimate,
            BigDecimal actual, long at, Boolean check) {
        return LedgerEntry.newBuilder().setEntryId(id + "/" + kind).setTenant("t").setRequestId(id).setKind(kind)
                .setAmountUsd(LedgerEntries.usd(amount)).setEstimatedCostUsd(LedgerEntries.usd(estimate))
                .setActualCostUsd(actual == null ? null : LedgerEntries.usd(actual)).setAt(Instant.ofEpochMilli(at))
                .setLimitCheck(check).build();
    }
}
