package io.reelay.faults;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.reelay.events.LedgerEntry;
import io.reelay.events.LedgerEntryKind;
import io.reelay.faults.TerminalEvents.Terminal;
import io.reelay.ledger.Balances;
import io.reelay.ledger.LedgerEntries;
import io.reelay.state.TenantBalance;

/**
 * The cost ledger (video.ledger, read_committed, once the run has settled) against what happened, per tenant
 * (docs/tenants.md, "Ledger"): every admitted request has exactly one {@code reserve} at its estimate (the catalog's
 * price of the request) and at most one end entry, none after a {@code flag_unknown}; no entry for a request never
 * admitted; each terminal event has the end its outcome writes (completed or failed with an upstream task: settle;
 * submission_outcome_unknown: flag_unknown; failed without a task: release, or flag_unknown where the call may have
 * left); reserved = settled estimates + released + open, by these sums and by the service's own fold
 * ({@link Balances}, what the balance store holds); and every settle is a task the simulator created, at the price
 * the simulator charged (the charge its answer told, else the catalog price: the simulator prices only what it
 * tells), while no task the simulator created is released.
 */
final class LedgerAudit extends ReportSection {

    /** A record of video.ledger: its key and its value, or null for one that did not decode. */
    record Keyed(String key, LedgerEntry entry) {
    }

    /**
     * A request of the run as published.
     *
     * @param tenant the tenant the service names it by
     * @param catalogPrice what the catalog prices it at (0 when it has no price)
     */
    record Published(String tenant, BigDecimal catalogPrice) {
    }

    private static final BigDecimal ZERO = LedgerEntries.usd(null);

    /** A tenant's figures, from the entries alone. */
    private static final class Figures {
        int published;
        int admitted;
        int reserves;
        BigDecimal reserved = ZERO;
        int settles;
        BigDecimal settled = ZERO;
        BigDecimal settledEstimates = ZERO;
        int releases;
        BigDecimal released = ZERO;
        int flagged;
        BigDecimal flaggedAmount = ZERO;
        int open;
        BigDecimal openAmount = ZERO;
        int paidTasks;
        BigDecimal paid = ZERO;
        BigDecimal paidSettled = ZERO;
        BigDecimal paidFlagged = ZERO;
        BigDecimal paidNotEnded = ZERO;
        TenantBalance folded;
    }

    /**
     * @param published every request of the run, by id
     * @param admitted the requests with a committed intent on video.tasks
     * @param ledger every record of video.ledger, in offset order per partition
     * @param terminals the first terminal event of each request, by id
     * @param upstream the simulators' record: tasks created (paid) per request id and the charges they told
     */
    LedgerAudit(Map<String, Published> published, Set<String> admitted, List<Keyed> ledger,
            Map<String, Terminal> terminals, UpstreamLedger upstream) {
        super("ledger (video.ledger, read_committed, per tenant; simulator prices: the charge a task's answer told, "
                + "else the catalog's):");
        Map<String, List<LedgerEntry>> byRequest = new TreeMap<>();
        Map<String, TenantBalance> folded = new TreeMap<>();
        List<String> undecodable = new ArrayList<>();
        List<String> wrongTenant = new ArrayList<>();
        for (Keyed record : ledger) {
            LedgerEntry e = record.entry();
            if (e == null) {
                undecodable.add(String.valueOf(record.key()));
                continue;
            }
            byRequest.computeIfAbsent(e.getRequestId(), k -> new ArrayList<>()).add(e);
            folded.put(e.getTenant(), Balances.apply(folded.get(e.getTenant()), e));
            Published p = published.get(e.getRequestId());
            if (!e.getTenant().equals(record.key()) || p != null && !p.tenant().equals(e.getTenant())) {
                wrongTenant.add(e.getEntryId() + " key " + record.key() + ", tenant " + e.getTenant()
                        + (p == null ? "" : ", published as " + p.tenant()));
            }
            if (!e.getEntryId().equals(LedgerEntries.entryId(e.getRequestId(), e.getKind()))) {
                wrongTenant.add(e.getEntryId() + " is not <request id>/<kind>");
            }
        }
        Map<String, Figures> tenants = new TreeMap<>();
        published.forEach((id, p) -> figures(tenants, p.tenant()).published++);
        admitted.forEach(id -> {
            Published p = published.get(id);
            if (p != null) {
                figures(tenants, p.tenant()).admitted++;
            }
        });

        List<String> notAdmitted = new ArrayList<>();
        List<String> reserveNotOnce = new ArrayList<>();
        List<String> severalEnds = new ArrayList<>();
        List<String> afterFlag = new ArrayList<>();
        List<String> wrongEnd = new ArrayList<>();
        List<String> endWithoutTerminal = new ArrayList<>();
        List<String> wrongAmount = new ArrayList<>();
        List<String> settledUnpaid = new ArrayList<>();
        List<String> settledAtOtherPrice = new ArrayList<>();
        List<String> paidReleased = new ArrayList<>();
        Set<String> ids = new TreeSet<>(byRequest.keySet());
        ids.addAll(admitted);
        for (String id : ids) {
            List<LedgerEntry> entries = byRequest.getOrDefault(id, List.of());
            Published p = published.get(id);
            if (!admitted.contains(id)) {
                notAdmitted.add(id + " " + kinds(entries));
                continue;
            }
            Figures f = figures(tenants, p != null ? p.tenant() : entries.isEmpty() ? "?" : entries.get(0).getTenant());
            List<LedgerEntry> reserves = entries.stream().filter(e -> e.getKind() == LedgerEntryKind.reserve).toList();
            List<LedgerEntry> ends = entries.stream().filter(e -> e.getKind() != LedgerEntryKind.reserve).toList();
            if (reserves.size() != 1) {
                reserveNotOnce.add(id + " " + kinds(entries));
            }
            if (ends.size() > 1) {
                int flag = kinds(ends).indexOf(LedgerEntryKind.flag_unknown);
                (flag >= 0 && flag < ends.size() - 1 ? afterFlag : severalEnds).add(id + " " + kinds(entries));
            }
            LedgerEntry reserve = reserves.isEmpty() ? null : reserves.get(0);
            LedgerEntry end = ends.isEmpty() ? null : ends.get(0);
            BigDecimal reserved = reserve == null ? ZERO : LedgerEntries.usd(reserve.getAmountUsd());
            if (reserve != null) {
                f.reserves++;
                f.reserved = f.reserved.add(reserved);
                BigDecimal price = p == null ? null : LedgerEntries.usd(p.catalogPrice());
                if (!same(reserve.getAmountUsd(), reserve.getEstimatedCostUsd())
                        || price != null && !same(reserved, price)) {
                    wrongAmount.add(id + " reserve " + reserved + " (estimate " + reserve.getEstimatedCostUsd()
                            + ", catalog price " + price + ")");
                }
            }
            Terminal terminal = terminals.get(id);
            int created = upstream.createdFor(id);
            BigDecimal simulatorPrice = upstream.toldCharges().containsKey(id)
                    ? LedgerEntries.usd(upstream.toldCharges().get(id))
                    : p == null ? null : LedgerEntries.usd(p.catalogPrice());
            if (created > 0 && simulatorPrice != null) {
                f.paidTasks += created;
                f.paid = f.paid.add(simulatorPrice.multiply(BigDecimal.valueOf(created)));
            }
            if (end == null) {
                f.open++;
                f.openAmount = f.openAmount.add(reserved);
                if (terminal != null) {
                    wrongEnd.add(id + " ended " + outcome(terminal) + " with no end entry " + kinds(entries));
                }
                if (created > 0 && simulatorPrice != null) {
                    f.paidNotEnded = f.paidNotEnded.add(simulatorPrice);
                }
                continue;
            }
            if (terminal == null) {
                endWithoutTerminal.add(id + " " + kinds(entries));
            } else if (!expected(terminal).contains(end.getKind())) {
                wrongEnd.add(id + " ended " + outcome(terminal) + ": " + end.getKind() + ", expected "
                        + expected(terminal));
            }
            BigDecimal estimate = LedgerEntries.usd(end.getEstimatedCostUsd());
            BigDecimal amount = LedgerEntries.usd(end.getAmountUsd());
            if (reserve != null && !same(estimate, reserved)) {
                wrongAmount.add(id + " " + end.getKind() + " estimate " + estimate + ", reserved " + reserved);
            }
            BigDecimal due = end.getKind() == LedgerEntryKind.settle && end.getActualCostUsd() != null
                    ? LedgerEntries.usd(end.getActualCostUsd()) : estimate;
            if (!same(amount, due)) {
                wrongAmount.add(id + " " + end.getKind() + " " + amount + ", due " + due);
            }
            switch (end.getKind()) {
                case settle -> {
                    f.settles++;
                    f.settled = f.settled.add(amount);
                    f.settledEstimates = f.settledEstimates.add(estimate);
                    if (created == 0) {
                        settledUnpaid.add(id + " settled " + amount + " (" + end.getReason() + ")");
                    } else if (simulatorPrice != null) {
                        f.paidSettled = f.paidSettled.add(simulatorPrice);
                        if (!same(amount, simulatorPrice)) {
                            settledAtOtherPrice.add(id + " settled " + amount + ", the simulator charged "
                                    + simulatorPrice + " (" + end.getReason() + ")");
                        }
                    }
                }
                case release -> {
                    f.releases++;
                    f.released = f.released.add(estimate);
                    if (created > 0) {
                        paidReleased.add(id + " released " + estimate + " (" + end.getReason() + ")");
                    }
                }
                case flag_unknown -> {
                    f.flagged++;
                    f.flaggedAmount = f.flaggedAmount.add(estimate);
                    f.open++; // a flagged reservation stays open
                    f.openAmount = f.openAmount.add(reserved);
                    if (created > 0 && simulatorPrice != null) {
                        f.paidFlagged = f.paidFlagged.add(simulatorPrice);
                    }
                }
                default -> wrongAmount.add(id + " an entry of kind " + end.getKind());
            }
        }
        folded.forEach((tenant, balance) -> figures(tenants, tenant).folded = balance);

        List<String> unbalanced = new ArrayList<>();
        Figures all = new Figures();
        tenants.forEach((tenant, f) -> {
            rows("tenant " + tenant, f, unbalanced);
            add(all, f);
        });
        rows("all tenants", all, new ArrayList<>()); // each tenant's were checked: not counted twice
        row("ledger records that did not decode (must be 0)", undecodable.size());

        check(undecodable.isEmpty(), "ledger records that do not decode, keys " + show(undecodable));
        check(wrongTenant.isEmpty(), "ledger entries under the wrong tenant or id: " + show(wrongTenant));
        check(notAdmitted.isEmpty(), "ledger entries for requests never admitted: " + show(notAdmitted));
        check(reserveNotOnce.isEmpty(), "admitted requests without exactly one reserve: " + show(reserveNotOnce));
        check(severalEnds.isEmpty(), "requests with more than one settle/release/flag_unknown: "
                + show(severalEnds));
        check(afterFlag.isEmpty(), "flag_unknown followed by a settle or release (a flagged reservation stays "
                + "open): " + show(afterFlag));
        check(wrongEnd.isEmpty(), "terminal events without the end entry their outcome writes: " + show(wrongEnd));
        check(endWithoutTerminal.isEmpty(), "end entries for requests with no terminal event: "
                + show(endWithoutTerminal));
        check(wrongAmount.isEmpty(), "ledger amounts that are not the estimate or the charge: " + show(wrongAmount));
        check(settledUnpaid.isEmpty(), "settled with no task created upstream: " + show(settledUnpaid));
        check(settledAtOtherPrice.isEmpty(), "settled at another amount than the simulator charged: "
                + show(settledAtOtherPrice));
        check(paidReleased.isEmpty(), "released although the simulator created (charged) a task: "
                + show(paidReleased));
        unbalanced.forEach(u -> check(false, u));
    }

    private void rows(String tenant, Figures f, List<String> unbalanced) {
        row(tenant, "");
        row("  requests published / admitted", f.published + " / " + f.admitted);
        row("  reserve entries", f.reserves + ", $" + f.reserved);
        row("  settle entries (the estimates they replaced)", f.settles + ", $" + f.settled + " ($"
                + f.settledEstimates + ")");
        row("  release entries", f.releases + ", $" + f.released);
        row("  flag_unknown entries (reservations kept open)", f.flagged + ", $" + f.flaggedAmount);
        row("  open reservations (flagged included)", f.open + ", $" + f.openAmount);
        BigDecimal sum = f.settledEstimates.add(f.released).add(f.openAmount);
        boolean holds = same(f.reserved, sum);
        row("  reserved = settled estimates + released + open", f.reserved + " = " + f.settledEstimates + " + "
                + f.released + " + " + f.openAmount + (holds ? " holds" : " BROKEN"));
        if (!holds) {
            unbalanced.add(tenant + ": reserved " + f.reserved + " != settled estimates "
                    + f.settledEstimates + " + released " + f.released + " + open " + f.openAmount);
        }
        row("  tasks the simulator created (paid), at its prices", f.paidTasks + ", $" + f.paid);
        row("    of which settled / flagged unknown / not ended", "$" + f.paidSettled + " / $" + f.paidFlagged
                + " / $" + f.paidNotEnded);
        boolean settledAsPaid = same(f.settled, f.paidSettled);
        row("  settled = the simulator's charges for the settled tasks", f.settled + " = " + f.paidSettled
                + (settledAsPaid ? " holds" : " BROKEN"));
        if (!settledAsPaid) {
            unbalanced.add(tenant + ": settled " + f.settled + " != the simulator's charges for them "
                    + f.paidSettled);
        }
        if (f.folded != null) {
            TenantBalance b = f.folded;
            boolean agrees = same(b.getReservedUsd(), f.reserved) && same(b.getSettledUsd(), f.settled)
                    && same(b.getSettledEstimatesUsd(), f.settledEstimates) && same(b.getReleasedUsd(), f.released)
                    && same(b.getOpenUsd(), f.openAmount) && same(b.getFlaggedUsd(), f.flaggedAmount)
                    && b.getOpenCount() == f.open;
            row("  the balance store's fold (io.reelay.ledger.Balances) agrees", agrees ? "yes" : "NO: reserved "
                    + b.getReservedUsd() + ", settled " + b.getSettledUsd() + ", released " + b.getReleasedUsd()
                    + ", open " + b.getOpenCount() + " $" + b.getOpenUsd() + ", flagged $" + b.getFlaggedUsd());
            if (!agrees) {
                unbalanced.add(tenant + ": the balance fold disagrees with the entries");
            }
        }
    }

    private static void add(Figures all, Figures f) {
        all.published += f.published;
        all.admitted += f.admitted;
        all.reserves += f.reserves;
        all.reserved = all.reserved.add(f.reserved);
        all.settles += f.settles;
        all.settled = all.settled.add(f.settled);
        all.settledEstimates = all.settledEstimates.add(f.settledEstimates);
        all.releases += f.releases;
        all.released = all.released.add(f.released);
        all.flagged += f.flagged;
        all.flaggedAmount = all.flaggedAmount.add(f.flaggedAmount);
        all.open += f.open;
        all.openAmount = all.openAmount.add(f.openAmount);
        all.paidTasks += f.paidTasks;
        all.paid = all.paid.add(f.paid);
        all.paidSettled = all.paidSettled.add(f.paidSettled);
        all.paidFlagged = all.paidFlagged.add(f.paidFlagged);
        all.paidNotEnded = all.paidNotEnded.add(f.paidNotEnded);
    }

    /** The end entries a terminal event allows (docs/tenants.md, "Which end writes what"). */
    static Set<LedgerEntryKind> expected(Terminal t) {
        if (t.completed() || t.upstreamTaskId() != null) {
            return Set.of(LedgerEntryKind.settle);
        }
        if (FaultReport.AMBIGUOUS.equals(t.reason())) {
            return Set.of(LedgerEntryKind.flag_unknown);
        }
        // No task known: refused or never sent (release), or the call may have left before an end (flag_unknown).
        return Set.of(LedgerEntryKind.release, LedgerEntryKind.flag_unknown);
    }

    private static String outcome(Terminal t) {
        return t.completed() ? "completed" : "failed " + t.reason() + (t.upstreamTaskId() == null ? "" : " (task)");
    }

    private static List<LedgerEntryKind> kinds(Collection<LedgerEntry> entries) {
        return entries.stream().map(LedgerEntry::getKind).toList();
    }

    private static Figures figures(Map<String, Figures> tenants, String tenant) {
        return tenants.computeIfAbsent(tenant, t -> new Figures());
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return Objects.equals(LedgerEntries.usd(a), LedgerEntries.usd(b));
    }
}
