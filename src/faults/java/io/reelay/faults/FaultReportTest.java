package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.reelay.faults.TerminalEvents.Terminal;
import io.reelay.lifecycle.Lifecycle;

/**
 * The fault run fails on each broken invariant (FaultInjectionIT asserts {@link FaultReport#violations()} is empty):
 * a request lost, a second terminal event, a second upstream task, a kill that leaves more requests unknown with no
 * submit upstream than the submits that may be under way. A report that could not fail would let a kill run
 * pass whatever happened.
 */
class FaultReportTest {

    private static final Set<String> PUBLISHED = new LinkedHashSet<>(List.of("f-1", "f-2"));

    @Test
    void everyRequestEndedOnceAndChargedOnceHoldsEveryInvariant() {
        FaultReport report = report(Map.of("f-1", List.of(completed("f-1", 0)), "f-2", List.of(failed("f-2", 1))),
                Map.of("f-1", 1));

        assertThat(report.violations()).isEmpty();
        assertThat(report.table()).contains("RESULT: every invariant held");
    }

    @Test
    void aSectionsRowsJoinTheTableAndItsBrokenInvariantsFailTheRun() {
        ReportSection copies = new ReportSection("stored copies:");
        copies.row("objects no completion names: strays, second copies (must be 0)", 1);
        copies.check(false, "objects in the bucket no completion names: [videos/f-1/0 (1).mp4]");
        Properties p = new Properties();
        p.setProperty(FaultSettings.PREFIX + "requests", "2");
        p.setProperty(FaultSettings.PREFIX + "kills", "0");
        UpstreamLedger upstream = new UpstreamLedger(Map.of("f-1", 1), Map.of("f-1", 1), new TreeMap<>(Map.of(201, 1)),
                new TreeMap<>(), 0);

        FaultReport report = new FaultReport(FaultSettings.from(p), "test", PUBLISHED,
                new TreeMap<>(Map.of("f-1", List.of(completed("f-1", 0)), "f-2", List.of(failed("f-2", 1)))),
                upstream, List.of(), List.of(), Map.of(), 0, Duration.ofSeconds(1), List.of(), List.of(),
                List.of(copies));

        assertThat(report.violations()).singleElement().asString().contains("videos/f-1/0 (1).mp4");
        assertThat(report.table()).contains("stored copies:").containsPattern("strays, second copies \\(must be 0\\) +1")
                .contains("RESULT: 1 invariant(s) broken:");
    }

    @Test
    void aRequestWithoutATerminalEventIsLost() {
        FaultReport report = report(Map.of("f-1", List.of(completed("f-1", 0))), Map.of("f-1", 1));

        assertThat(report.violations()).singleElement().asString().contains("no terminal event for 1 requests")
                .contains("f-2");
    }

    @Test
    void aSecondTerminalEventIsADuplicate() {
        FaultReport report = report(
                Map.of("f-1", List.of(completed("f-1", 0), completed("f-1", 7)), "f-2", List.of(failed("f-2", 1))),
                Map.of("f-1", 1));

        assertThat(report.violations()).singleElement().asString().contains("duplicate terminal events for [f-1]");
    }

    @Test
    void aSecondUpstreamTaskIsASubmitTwice() {
        FaultReport report = report(Map.of("f-1", List.of(completed("f-1", 0)), "f-2", List.of(failed("f-2", 1))),
                Map.of("f-1", 2));

        assertThat(report.violations()).singleElement().asString()
                .contains("more than one upstream task created for [f-1 x2]");
    }

    @Test
    void aKillMayLeaveUnknownNoMoreUnsentSubmitsThanTheSubmitsUnderWay() {
        Set<String> published = new LinkedHashSet<>(List.of("u-1", "u-2", "u-3", "u-4"));
        Map<String, List<Terminal>> terminals = new TreeMap<>();
        published.forEach(id -> terminals.put(id, List.of(unknown(id))));
        List<Disruption> kills = List.of(new Disruption("kill 1 (upstream outage)", Disruption.Kind.KILL, 1_000),
                new Disruption("kill 2", Disruption.Kind.KILL, 2_000));
        // u-1..u-3 marked before kill 1, u-4 between the kills; none reached the upstream.
        Map<String, Long> marks = Map.of("u-1", 900L, "u-2", 950L, "u-3", 999L, "u-4", 1_500L);

        FaultReport within = report(published, terminals, Map.of(), kills, marks, 3);
        FaultReport beyond = report(published, terminals, Map.of(), kills, marks, 2);

        assertThat(within.violations()).isEmpty();
        assertThat(within.table()).containsPattern("left by kill 1 \\(upstream outage\\) \\(must be <= 3\\) +3")
                .containsPattern("left by kill 2 \\(must be <= 3\\) +1");
        assertThat(beyond.violations()).singleElement().asString()
                .contains("kill 1 (upstream outage) left 3 requests submission_outcome_unknown")
                .contains("[u-1, u-2, u-3]");
    }

    @Test
    void anUnknownSubmitThatReachedTheUpstreamIsNotCountedAgainstTheKill() {
        Set<String> published = new LinkedHashSet<>(List.of("u-1", "u-2"));
        Map<String, List<Terminal>> terminals = new TreeMap<>(Map.of("u-1", List.of(unknown("u-1")),
                "u-2", List.of(unknown("u-2"))));
        List<Disruption> kills = List.of(new Disruption("kill 1", Disruption.Kind.KILL, 1_000));

        FaultReport report = report(published, terminals, Map.of("u-1", 1, "u-2", 1), kills,
                Map.of("u-1", 900L, "u-2", 900L), 1);

        assertThat(report.violations()).isEmpty();
        assertThat(report.table()).containsPattern("left by kill 1 \\(must be <= 1\\) +0");
    }

    @Test
    void aCallThatLeftAndTimedOutIsNotCountedAgainstTheKillAfterIt() {
        Set<String> published = new LinkedHashSet<>(List.of("u-1", "u-2", "u-3"));
        Map<String, List<Terminal>> terminals = new TreeMap<>();
        terminals.put("u-1", List.of(unknown("u-1")));
        // A hung connection: the call left, nothing reached the simulator's log, the call timed out before any kill.
        terminals.put("u-2", List.of(new Terminal("u-2", false, FaultReport.AMBIGUOUS, null, "video.failed", 0, 0,
                "The submit got no usable answer (no answer in time). A task may exist upstream and be charged.")));
        terminals.put("u-3", List.of(unknown("u-3")));
        List<Disruption> kills = List.of(new Disruption("kill 1", Disruption.Kind.KILL, 1_000));

        FaultReport report = report(published, terminals, Map.of(), kills,
                Map.of("u-1", 900L, "u-2", 900L, "u-3", 900L), 2);

        assertThat(report.violations()).isEmpty();
        assertThat(report.table()).containsPattern("left by kill 1 \\(must be <= 2\\) +2")
                .containsPattern("no usable answer in time \\(not left by a kill\\) +1");
    }

    @Test
    void aGracefulRestartMayLeaveNoRequestUnknownWithoutASubmit() {
        Set<String> published = new LinkedHashSet<>(List.of("u-1", "u-2", "u-3"));
        Map<String, List<Terminal>> terminals = new TreeMap<>();
        published.forEach(id -> terminals.put(id, List.of(unknown(id))));
        List<Disruption> disruptions = List.of(new Disruption("kill 1", Disruption.Kind.KILL, 1_000),
                new Disruption("graceful restart 1", Disruption.Kind.GRACEFUL_RESTART, 2_000));
        // u-1 and u-2 marked before the kill: within its bound. u-3 marked after it, before the graceful stop.
        Map<String, Long> marks = Map.of("u-1", 900L, "u-2", 950L, "u-3", 1_500L);

        FaultReport report = report(published, terminals, Map.of(), disruptions, marks, 32);

        assertThat(report.table()).containsPattern("left by kill 1 \\(must be <= 32\\) +2")
                .containsPattern("left by graceful restart 1 \\(must be <= 0\\) +1")
                .containsPattern("graceful restarts of the service \\(SIGTERM\\) +1");
        assertThat(report.violations()).singleElement().asString()
                .contains("graceful restart 1 left 1 requests submission_outcome_unknown").contains("[u-3]")
                .contains("a graceful stop waits for its calls");
    }

    @Test
    void unsentUnknownSubmitsFallToTheFirstKillAfterTheirLastMark() {
        List<Disruption> disruptions = List.of(new Disruption("kill 1", Disruption.Kind.KILL, 1_000),
                new Disruption("broker restart 1", Disruption.Kind.BROKER_RESTART, 2_000),
                new Disruption("kill 2", Disruption.Kind.KILL, 3_000));

        Map<String, List<String>> by = Disruption.attribute(disruptions, List.of("a", "b", "c", "d", "e"),
                Map.of("a", 999L, "b", 1_000L, "c", 2_500L, "d", 3_500L));

        assertThat(by).containsExactly(Map.entry("kill 1", List.of("a")), Map.entry("broker restart 1", List.of("b")),
                Map.entry("kill 2", List.of("c")), Map.entry(Disruption.AFTER_THE_LAST, List.of("d")),
                Map.entry(Disruption.WITHOUT_A_MARK, List.of("e")));
    }

    private static FaultReport report(Map<String, List<Terminal>> terminals, Map<String, Integer> created) {
        return report(PUBLISHED, terminals, created, List.of(), Map.of(), 32);
    }

    private static FaultReport report(Set<String> published, Map<String, List<Terminal>> terminals,
            Map<String, Integer> created, List<Disruption> disruptions, Map<String, Long> marks, int concurrency) {
        Properties p = new Properties();
        p.setProperty(FaultSettings.PREFIX + "requests", Integer.toString(published.size()));
        p.setProperty(FaultSettings.PREFIX + "chaos", "false");
        p.setProperty(FaultSettings.PREFIX + "kills", "0");
        p.setProperty(FaultSettings.PREFIX + "submit-concurrency", Integer.toString(concurrency));
        UpstreamLedger upstream = new UpstreamLedger(Map.copyOf(created), Map.copyOf(created),
                new TreeMap<>(Map.of(201, created.size())), new TreeMap<>(), 0);
        return new FaultReport(FaultSettings.from(p), "test", published, new TreeMap<>(terminals), upstream,
                List.of(), disruptions, marks, 0, Duration.ofSeconds(1), List.of(), List.of(), List.of());
    }

    private static Terminal unknown(String id) {
        return new Terminal(id, false, FaultReport.AMBIGUOUS, null, "video.failed", 0, 0,
                Lifecycle.ANSWER_NEVER_RECORDED + " (within PT20S).");
    }

    private static Terminal completed(String id, long offset) {
        return new Terminal(id, true, null, "task-" + id, "video.completed", 0, offset, null);
    }

    private static Terminal failed(String id, long offset) {
        return new Terminal(id, false, "invalid_request", null, "video.failed", 0, offset, "refused");
    }
}
