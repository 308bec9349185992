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

/**
 * The fault run fails on each broken invariant (FaultInjectionIT asserts {@link FaultReport#violations()} is empty):
 * a request lost, a second terminal event, a second upstream task. A report that could not fail would let a kill run
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

    private static FaultReport report(Map<String, List<Terminal>> terminals, Map<String, Integer> created) {
        Properties p = new Properties();
        p.setProperty(FaultSettings.PREFIX + "requests", Integer.toString(PUBLISHED.size()));
        p.setProperty(FaultSettings.PREFIX + "chaos", "false");
        UpstreamLedger upstream = new UpstreamLedger(Map.copyOf(created), Map.copyOf(created),
                new TreeMap<>(Map.of(201, created.size())), new TreeMap<>(), 0);
        return new FaultReport(FaultSettings.from(p), "test", PUBLISHED, new TreeMap<>(terminals), upstream,
                List.of(), 0, 0, Duration.ofSeconds(1), List.of(), List.of());
    }

    private static Terminal completed(String id, long offset) {
        return new Terminal(id, true, null, "task-" + id, "video.completed", 0, offset);
    }

    private static Terminal failed(String id, long offset) {
        return new Terminal(id, false, "invalid_request", null, "video.failed", 0, offset);
    }
}
