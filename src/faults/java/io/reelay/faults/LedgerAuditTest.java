package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.faults.LedgerAudit.Keyed;
import io.reelay.faults.LedgerAudit.Published;
import io.reelay.faults.TerminalEvents.Terminal;
import io.reelay.ledger.LedgerEntries;

/**
 * The ledger checks of the fault run fail on each way the money can go wrong through a crash: a second reserve or
 * end, a settle after a flag, an entry for a request never admitted, an end that does not match the outcome, a
 * settle the simulator never charged or charged otherwise, a paid task released, an entry under another tenant, and
 * a reservation whose end names another estimate (the identity broken).
 */
class LedgerAuditTest {

    /** One request of a small run and what happened to it. */
    private final class Run {
        final Map<String, Published> published = new LinkedHashMap<>();
        final Set<String> admitted = new HashSet<>();
        final List<Keyed> ledger = new ArrayList<>();
        final Map<String, Terminal> terminals = new TreeMap<>();
        final Map<String, Integer> created = new HashMap<>();
        final Map<String, BigDecimal> told = new HashMap<>();

        Run request(String id, String tenant, String price) {
            published.put(id, new Published(tenant, new BigDecimal(price)));
            admitted.add(id);
            entry(id, tenant, LedgerEntryKind.reserve, price, price, null);
            return this;
        }

        /** Created upstream, completed, settled at the charge it told. */
        Run completed(String id, String charge) {
            Published p = published.get(id);
            created.put(id, 1);
            told.put(id, new BigDecimal(charge));
            terminals.put(id, new Terminal(id, true, null, "task-" + id, "video.completed", 0, 0, null));
            entry(id, p.tenant(), LedgerEntryKind.settle, charge, p.catalogPrice().toPlainString(), charge);
            return this;
        }

        /** Created upstream, failed there (no charge told), settled at the estimate. */
        Run failedUpstream(String id) {
            Published p = published.get(id);
            created.put(id, 1);
            terminals.put(id, new Terminal(id, false, "upstream_failed", "task-" + id, "video.failed", 0, 0, null));
            String estimate = p.catalogPrice().toPlainString();
            entry(id, p.tenant(), LedgerEntryKind.settle, estimate, estimate, null);
            return this;
        }

        /** Refused by the upstream: nothing created, released. */
        Run refused(String id) {
            Published p = published.get(id);
            terminals.put(id, new Terminal(id, false, "invalid_request", null, "video.failed", 0, 0, null));
            String estimate = p.catalogPrice().toPlainString();
            entry(id, p.tenant(), LedgerEntryKind.release, estimate, estimate, null);
            return this;
        }

        /** Its submit's outcome unknown: flagged, the reservation kept open. */
        Run unknown(String id, boolean taskCreated) {
            Published p = published.get(id);
            if (taskCreated) {
                created.put(id, 1);
                told.put(id, new BigDecimal("0.40"));
            }
            terminals.put(id, new Terminal(id, false, FaultReport.AMBIGUOUS, null, "video.failed", 0, 0, null));
            String estimate = p.catalogPrice().toPlainString();
            entry(id, p.tenant(), LedgerEntryKind.flag_unknown, estimate, estimate, null);
            return this;
        }

        Run entry(String id, String tenant, LedgerEntryKind kind, String amount, String estimate, String actual) {
            ledger.add(new Keyed(tenant, LedgerEntry.newBuilder().setEntryId(LedgerEntries.entryId(id, kind))
                    .setTenant(tenant).setRequestId(id).setKind(kind)
                    .setAmountUsd(LedgerEntries.usd(new BigDecimal(amount)))
                    .setEstimatedCostUsd(LedgerEntries.usd(new BigDecimal(estimate)))
                    .setActualCostUsd(actual == null ? null : LedgerEntries.usd(new BigDecimal(actual)))
                    .setProvider("tokenlab").setModel("veo3.1").setAt(Instant.parse("2026-12-03T05:00:00Z"))
                    .setReason(kind.name()).build()));
            return this;
        }

        LedgerAudit audit() {
            UpstreamLedger upstream = new UpstreamLedger(Map.copyOf(created), Map.copyOf(created), new TreeMap<>(),
                    new TreeMap<>(), 0, Map.copyOf(told));
            return new LedgerAudit(published, admitted, ledger, terminals, upstream);
        }
    }

    /** Three tenants, every kind of end; one request still open (no terminal event yet is the report's check). */
    private Run balanced() {
        return new Run()
                .request("r-1", "default", "3.20").completed("r-1", "0.40")
                .request("r-2", "acme", "0.28").failedUpstream("r-2")
                .request("r-3", "acme", "0.30").refused("r-3")
                .request("r-4", "globex", "1.20").unknown("r-4", true)
                .request("r-5", "globex", "0.50");
    }

    private static String table(LedgerAudit audit) {
        return String.join("\n", audit.lines());
    }

    @Test
    void aLedgerThatBalancesHoldsEveryInvariantAndShowsEachTenantsFigures() {
        LedgerAudit audit = balanced().audit();

        assertThat(audit.violations()).isEmpty();
        assertThat(table(audit)).contains("tenant acme", "tenant default", "tenant globex")
                .containsPattern("reserve entries +2, \\$0\\.580000")
                .containsPattern("reserved = settled estimates \\+ released \\+ open +1\\.700000 = 0\\.000000 \\+ "
                        + "0\\.000000 \\+ 1\\.700000 holds")
                .containsPattern("settled = the simulator's charges for the settled tasks +0\\.400000 = 0\\.400000 "
                        + "holds")
                .containsPattern("of which settled / flagged unknown / not ended +\\$0\\.680000 / \\$0\\.400000 / "
                        + "\\$0\\.000000")
                .containsPattern("the balance store's fold \\(io.reelay.ledger.Balances\\) agrees +yes");
    }

    @Test
    void aSecondReserveForOneRequestIsCaught() {
        Run run = balanced().entry("r-2", "acme", LedgerEntryKind.reserve, "0.28", "0.28", null);

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("admitted requests without exactly one reserve").contains("r-2"));
    }

    @Test
    void anAdmittedRequestWithoutItsReserveIsCaught() {
        Run run = balanced();
        run.ledger.removeIf(k -> k.entry().getRequestId().equals("r-5"));

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("admitted requests without exactly one reserve").contains("r-5"));
    }

    @Test
    void aSettleAfterAFlagIsCaughtAndBreaksNothingElseSilently() {
        Run run = balanced().entry("r-4", "globex", LedgerEntryKind.settle, "0.40", "1.20", "0.40");

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("flag_unknown followed by a settle or release").contains("r-4"));
    }

    @Test
    void aSecondEndIsCaught() {
        Run run = balanced().entry("r-3", "acme", LedgerEntryKind.release, "0.30", "0.30", null);

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("requests with more than one settle/release/flag_unknown").contains("r-3"));
    }

    @Test
    void anEntryForARequestNeverAdmittedIsCaught() {
        Run run = balanced();
        run.admitted.remove("r-5");

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("ledger entries for requests never admitted").contains("r-5"));
    }

    @Test
    void aCompletionReleasedInsteadOfSettledIsCaught() {
        Run run = new Run().request("r-1", "acme", "3.20");
        run.created.put("r-1", 1);
        run.terminals.put("r-1", new Terminal("r-1", true, null, "task-r-1", "video.completed", 0, 0, null));
        run.entry("r-1", "acme", LedgerEntryKind.release, "3.20", "3.20", null);

        assertThat(run.audit().violations())
                .anySatisfy(v -> assertThat(v).startsWith("terminal events without the end entry").contains("r-1"))
                .anySatisfy(v -> assertThat(v).startsWith("released although the simulator created").contains("r-1"));
    }

    @Test
    void aTerminalEventWithNoEndEntryIsCaught() {
        Run run = balanced();
        run.terminals.put("r-5", new Terminal("r-5", true, null, "task-r-5", "video.completed", 0, 0, null));

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("terminal events without the end entry").contains("r-5").contains("no end entry"));
    }

    @Test
    void anUnknownOutcomeReleasedIsCaught() {
        Run run = new Run().request("r-1", "acme", "1.00");
        run.terminals.put("r-1", new Terminal("r-1", false, FaultReport.AMBIGUOUS, null, "video.failed", 0, 0, null));
        run.entry("r-1", "acme", LedgerEntryKind.release, "1.00", "1.00", null);

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("terminal events without the end entry").contains("r-1").contains("flag_unknown"));
    }

    @Test
    void aSettleTheSimulatorNeverChargedIsCaught() {
        Run run = balanced();
        run.created.remove("r-2");

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("settled with no task created upstream").contains("r-2"));
    }

    @Test
    void aSettleAtAnotherAmountThanTheSimulatorChargedIsCaught() {
        Run run = balanced();
        run.told.put("r-1", new BigDecimal("0.45"));

        LedgerAudit audit = run.audit();

        assertThat(audit.violations())
                .anySatisfy(v -> assertThat(v).startsWith("settled at another amount than the simulator charged")
                        .contains("r-1"))
                .anySatisfy(v -> assertThat(v).startsWith("tenant default: settled 0.400000 != the simulator's"));
        assertThat(table(audit)).contains("0.400000 = 0.450000 BROKEN");
    }

    @Test
    void anEntryUnderAnotherTenantIsCaught() {
        Run run = balanced().request("r-6", "initech", "0.10");
        run.published.put("r-6", new Published("acme", new BigDecimal("0.10")));

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("ledger entries under the wrong tenant").contains("r-6/reserve"));
    }

    @Test
    void anEndThatNamesAnotherEstimateThanItsReserveBreaksTheIdentity() {
        Run run = new Run().request("r-1", "acme", "1.00");
        run.terminals.put("r-1", new Terminal("r-1", false, "invalid_request", null, "video.failed", 0, 0, null));
        run.entry("r-1", "acme", LedgerEntryKind.release, "0.60", "0.60", null);

        LedgerAudit audit = run.audit();

        assertThat(audit.violations())
                .anySatisfy(v -> assertThat(v).startsWith("tenant acme: reserved 1.000000 != settled estimates"))
                .anySatisfy(v -> assertThat(v).startsWith("ledger amounts that are not").contains("r-1"));
        assertThat(table(audit)).contains("1.000000 = 0.000000 + 0.600000 + 0.000000 BROKEN");
    }

    @Test
    void aReserveThatIsNotTheCatalogPriceIsCaught() {
        Run run = balanced();
        run.published.put("r-5", new Published("globex", new BigDecimal("0.75")));

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v)
                .startsWith("ledger amounts that are not").contains("r-5 reserve 0.500000").contains("0.750000"));
    }

    @Test
    void aRecordThatDoesNotDecodeIsCaught() {
        Run run = balanced();
        run.ledger.add(new Keyed("acme", null));

        assertThat(run.audit().violations()).anySatisfy(v -> assertThat(v).startsWith("ledger records that do not"));
    }
}
