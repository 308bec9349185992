package io.reelay.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kill or a graceful restart of the service, or a stop of the broker, and when it began (epoch ms, this machine's
 * clock).
 *
 * @param label how the report names it, e.g. "kill 1 (during the upstream outage)"
 * @param kind what was done
 * @param at when it began
 */
record Disruption(String label, Kind kind, long at) {

    /** What was done to which process. */
    enum Kind {
        /** SIGKILL of the service, restarted at once. */
        KILL,
        /** SIGTERM of the service (its graceful stop), restarted once it has exited. */
        GRACEFUL_RESTART,
        /** The broker stopped and started again on its data. */
        BROKER_RESTART
    }

    /** A SIGKILL of the service. */
    boolean kill() {
        return kind == Kind.KILL;
    }

    /**
     * The most requests it may leave {@code submission_outcome_unknown} with no submit upstream: a kill or a broker
     * restart the submits under way ({@code concurrency}); a graceful restart none, since the stopping service
     * waits for its calls under way and tells the next owner of each mark it never called.
     */
    int unknownBound(int concurrency) {
        return kind == Kind.GRACEFUL_RESTART ? 0 : concurrency;
    }

    /** The bucket of requests whose last committed sending mark came after every disruption. */
    static final String AFTER_THE_LAST = "no kill or restart after its mark";
    /** The bucket of requests with no committed sending mark. */
    static final String WITHOUT_A_MARK = "no committed sending mark";

    /**
     * Each request, by the disruption that left its submit unknown: the first one after its last committed
     * {@code sending} mark (an unknown outcome needs a committed mark whose answer was never read; the mark's
     * writer was then killed, or lost its partition, before it read the answer or withdrew the mark).
     *
     * @return every disruption in order, then the two buckets above when not empty
     */
    static Map<String, List<String>> attribute(List<Disruption> disruptions, Collection<String> requestIds,
            Map<String, Long> lastMarkAt) {
        Map<String, List<String>> by = new LinkedHashMap<>();
        disruptions.forEach(d -> by.put(d.label(), new ArrayList<>()));
        for (String id : requestIds) {
            Long markAt = lastMarkAt.get(id);
            String bucket = markAt == null ? WITHOUT_A_MARK : disruptions.stream().filter(d -> d.at() > markAt)
                    .map(Disruption::label).findFirst().orElse(AFTER_THE_LAST);
            by.computeIfAbsent(bucket, b -> new ArrayList<>()).add(id);
        }
        by.values().forEach(ids -> ids.sort(null));
        return by;
    }
}
