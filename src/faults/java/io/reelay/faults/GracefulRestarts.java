package io.reelay.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The graceful restarts of a fault run: each stop must end on its own, within the grace a deployment gives it, and
 * the service's log shows what it waited for and what it handed over. (What a restart may leave unknown, nothing, is
 * the report's check, with the kills'.)
 */
final class GracefulRestarts extends ReportSection {

    /** The service's line when its submit drain ends (TopologyProducer). */
    static final String STOPPING = "Stopping: ";
    /** The service's line when a stream task closes with marks it never called (TaskTracker). */
    static final String HANDED_OVER = "handed over with";

    /**
     * One graceful restart.
     *
     * @param label the disruption's label
     * @param onItsOwn the service exited within the grace, without a SIGKILL
     * @param took SIGTERM to exit
     */
    record Stop(String label, boolean onItsOwn, Duration took) {
    }

    private GracefulRestarts(List<Stop> stops, List<String> logLines) {
        super("graceful restarts (SIGTERM, started again once exited):");
        for (Stop stop : stops) {
            row(stop.label() + ": exited on its own (must be yes)", (stop.onItsOwn() ? "yes" : "NO, SIGKILLed")
                    + String.format(" after %.1f s", stop.took().toMillis() / 1000.0));
            check(stop.onItsOwn(), stop.label() + ": the service did not exit within its grace and was SIGKILLed");
        }
        long stopping = logLines.stream().filter(l -> l.contains(STOPPING)).count();
        row("the service's stops that logged their submit drain", stopping);
        check(stopping >= stops.size(), "the service logged " + stopping + " submit drains for " + stops.size()
                + " graceful stops (the drain did not run?)");
        logLines.stream().limit(SHOWN).forEach(l -> note("service log: " + l.strip()));
    }

    /** The stops, with the service log's drain and hand-over lines. */
    static GracefulRestarts of(List<Stop> stops, Path serviceLog) {
        try (var lines = Files.lines(serviceLog, StandardCharsets.UTF_8)) {
            return of(stops, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stops, with the lines of the service's log that say how it stopped. */
    static GracefulRestarts of(List<Stop> stops, java.util.stream.Stream<String> logLines) {
        return new GracefulRestarts(stops, logLines.filter(l -> l.contains(STOPPING) || l.contains(HANDED_OVER))
                .toList());
    }
}
