package io.reelay.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.reelay.faults.TerminalEvents.Terminal;

/**
 * What a fault run proved, or did not: the figures of the table and the broken invariants, each naming the
 * request ids concerned.
 */
final class FaultReport {

    static final String AMBIGUOUS = "submission_outcome_unknown";
    private static final int SHOWN = 20;

    private final List<String> lines = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    /**
     * @param published ids of the requests published
     * @param terminals every terminal event of the run's requests, by request id
     * @param timeline what was done to the processes, and when
     * @param disruptions the kills and broker restarts, in order
     * @param lastMarkAt when each request's last committed sending mark was written (epoch ms)
     * @param outageRefusals calls the upstream outage answered 503 (none reached a simulator)
     * @param leaks where the fake API keys were found
     * @param doubleChargeLogLines service log lines warning about a second upstream task
     * @param sections further parts with checks of their own (stored copies, webhooks), in the table's order
     */
    FaultReport(FaultSettings settings, String runId, Set<String> published, Map<String, List<Terminal>> terminals,
            UpstreamLedger upstream, List<String> timeline, List<Disruption> disruptions, Map<String, Long> lastMarkAt,
            long outageRefusals, Duration wallTime, List<String> leaks, List<String> doubleChargeLogLines,
            List<ReportSection> sections) {
        List<String> exactlyOne = published.stream().filter(id -> terminals.getOrDefault(id, List.of()).size() == 1)
                .toList();
        List<String> missing = published.stream().filter(id -> !terminals.containsKey(id)).sorted().toList();
        Map<String, Integer> duplicated = new TreeMap<>();
        terminals.forEach((id, events) -> {
            if (events.size() > 1) {
                duplicated.put(id, events.size());
            }
        });
        int duplicateEvents = duplicated.values().stream().mapToInt(n -> n - 1).sum();
        List<String> unexpected = terminals.keySet().stream().filter(id -> !published.contains(id)).sorted().toList();
        List<Terminal> firsts = terminals.values().stream().map(events -> events.get(0)).toList();
        long completed = firsts.stream().filter(Terminal::completed).count();
        Map<String, Long> failedBy = firsts.stream().filter(t -> !t.completed())
                .collect(Collectors.groupingBy(Terminal::reason, TreeMap::new, Collectors.counting()));
        List<String> ambiguous = firsts.stream().filter(t -> AMBIGUOUS.equals(t.reason())).map(Terminal::requestId)
                .sorted().toList();
        long ambiguousCharged = ambiguous.stream().filter(id -> upstream.createdFor(id) > 0).count();
        List<String> neverCalled = ambiguous.stream().filter(id -> !upstream.attempts().containsKey(id)).toList();
        Map<String, Terminal> firstById = firsts.stream()
                .collect(Collectors.toMap(Terminal::requestId, t -> t, (a, b) -> a));
        // What a kill leaves is a mark with no answer read back (the outcome check's verdict). A call that left and got
        // no usable answer in time (a hung or cut connection) ended unknown by itself, kill or no kill.
        List<String> unanswered = neverCalled.stream().filter(id -> firstById.get(id).answerNeverRecorded()).toList();
        long timedOutUnsent = neverCalled.size() - unanswered.size();
        // A kill may leave unknown only the submits really under way: at most the permits, whatever the upstream did;
        // a graceful restart none (Disruption.unknownBound).
        int bound = settings.submitConcurrency();
        Map<String, Integer> bounds = new java.util.HashMap<>();
        disruptions.forEach(d -> bounds.put(d.label(), d.unknownBound(bound)));
        Map<String, List<String>> unknownByKill = Disruption.attribute(disruptions, unanswered, lastMarkAt);
        List<String> secondTask = upstream.created().entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        List<String> completedUnknownTask = firsts.stream().filter(Terminal::completed)
                .filter(t -> upstream.createdFor(t.requestId()) == 0).map(Terminal::requestId).sorted().toList();

        row("requests published", published.size());
        row("requests with exactly one terminal event", exactlyOne.size());
        row("duplicate terminal events (must be 0)", duplicateEvents);
        row("requests with no terminal event (must be 0)", missing.size());
        row("terminal events for ids never published", unexpected.size());
        row("completed", completed);
        failedBy.forEach((reason, n) -> row("failed: " + reason, n));
        row("upstream tasks created for the run", upstream.created().values().stream().mapToInt(i -> i).sum());
        row("max upstream tasks created per request id (must be <= 1)", upstream.maxCreated());
        row("requests with more than one created task (must be 0)", secondTask.size());
        row("requests with more than one submit attempt", upstream.requestsWithRepeatedSubmit());
        row("ambiguous submits (" + AMBIGUOUS + ")", ambiguous.size());
        row("  of which a task was created upstream (charged, reported unknown)", ambiguousCharged);
        row("  of which no submit reached the upstream", neverCalled.size());
        row("    the call left, no usable answer in time (not left by a kill)", timedOutUnsent);
        row("    a mark with no answer recorded (the outcome check), by the disruption before it:", unanswered.size());
        unknownByKill.forEach((left, ids) -> row("    left by " + left + " (must be <= "
                + bounds.getOrDefault(left, bound) + ")", ids.size()));
        row("completed without a task created upstream (must be 0)", completedUnknownTask.size());
        row("service kills (SIGKILL)", disruptions.stream().filter(Disruption::kill).count());
        row("graceful restarts of the service (SIGTERM)", disruptions.stream()
                .filter(d -> d.kind() == Disruption.Kind.GRACEFUL_RESTART).count());
        row("broker restarts" + (settings.brokerKill() ? " (SIGKILL)" : " (SIGTERM)"),
                disruptions.stream().filter(d -> d.kind() == Disruption.Kind.BROKER_RESTART).count());
        row("calls the upstream outage answered 503 (none reached a simulator)", outageRefusals);
        row("wall time", String.format("%.1f s", wallTime.toMillis() / 1000.0));
        row("injected 429 answers", upstream.answered(429));
        row("injected 5xx answers", upstream.answered(500) + upstream.answered(502) + upstream.answered(503));
        boolean chaosSilent = settings.chaos().any() && upstream.answered(429) == 0 && upstream.answered(500) == 0
                && upstream.answered(502) == 0 && upstream.answered(503) == 0;
        row("chaos configured but no injected error seen (simulator without fault injection?)",
                chaosSilent ? "yes" : "no");
        row("submit answers by status", upstream.submitStatuses());
        row("poll answers by status", upstream.pollStatuses());
        row("call log entries dropped (must be 0 for exact counts)", upstream.dropped());
        row("service log lines warning of a double charge", doubleChargeLogLines.size());
        row("fake API key found in service log or topics (must be none)", leaks.isEmpty() ? "no" : "YES " + leaks);

        check(duplicateEvents == 0, "duplicate terminal events for " + show(duplicated.keySet()) + " "
                + detail(duplicated.keySet(), terminals));
        check(missing.isEmpty(), "no terminal event for " + missing.size() + " requests: " + show(missing));
        check(unexpected.isEmpty(), "terminal events for unknown ids " + show(unexpected));
        check(secondTask.isEmpty(), "more than one upstream task created for " + show(secondTask));
        check(completedUnknownTask.isEmpty(), "completed without a created task: " + show(completedUnknownTask));
        unknownByKill.forEach((left, ids) -> {
            int most = bounds.getOrDefault(left, bound);
            check(ids.size() <= most, left + " left " + ids.size() + " requests " + AMBIGUOUS
                    + " whose submit never reached the upstream, more than " + (most == bound ? "the " + bound
                            + " submits that may be under way (reelay.submitter.concurrency)"
                            : most + " (a graceful stop waits for its calls and hands its unsent marks over)")
                    + ": " + show(ids));
        });
        check(settings.outageKill() == 0 || outageRefusals > 0, "the upstream outage refused no call");
        check(leaks.isEmpty(), "the fake API key leaked: " + show(leaks));
        check(upstream.dropped() == 0, "the call log dropped " + upstream.dropped() + " calls: counts are partial");
        check(published.size() == settings.requests(), "only " + published.size() + " of " + settings.requests()
                + " requests were published");
        for (ReportSection section : sections) {
            lines.add(section.title());
            lines.addAll(section.lines());
            violations.addAll(section.violations());
        }
        lines.add(0, String.format("Fault injection run %s: %d requests, %d service kills, %d graceful restarts, "
                + "%d broker restarts, %s, reelay.submitter.concurrency=%d, chaos %s", runId, settings.requests(),
                settings.kills(), settings.gracefulRestarts(), settings.brokerRestarts(), settings.outageKill() == 0 ? "no upstream outage"
                        : "an upstream outage across kill " + settings.outageKill(), bound, settings.chaos()));
        lines.add("timeline:");
        timeline.forEach(t -> lines.add("  " + t));
        doubleChargeLogLines.stream().limit(SHOWN).forEach(l -> lines.add("  service log: " + l));
        List<String> charged = ambiguous.stream().filter(id -> upstream.createdFor(id) > 0).toList();
        if (!charged.isEmpty()) {
            // Allowed by design (never resubmit blindly), but each is a task paid for and thrown away: worth a look.
            lines.add("note: " + charged.size() + " requests were charged upstream yet ended " + AMBIGUOUS
                    + " (their created answer never reached the tracker), e.g. " + show(charged));
        }
        lines.add(violations.isEmpty() ? "RESULT: every invariant held" : "RESULT: " + violations.size()
                + " invariant(s) broken:");
        violations.forEach(v -> lines.add("  - " + v));
    }

    private void row(String what, Object value) {
        lines.add(String.format("  %-66s %s", what, value));
    }

    private void check(boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
    }

    private static String show(java.util.Collection<String> ids) {
        return ids.stream().limit(SHOWN).toList() + (ids.size() > SHOWN ? " and " + (ids.size() - SHOWN) + " more"
                : "");
    }

    private static String detail(Set<String> ids, Map<String, List<Terminal>> terminals) {
        return ids.stream().limit(5).map(terminals::get).map(Object::toString).collect(Collectors.joining("; "));
    }

    List<String> violations() {
        return violations;
    }

    String table() {
        return String.join(System.lineSeparator(), lines);
    }
}
