package io.reelay.tracking.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the tracker counts. */
public final class TrackerMetrics {

    /** Upstream statuses Reelay did not recognise; the task stays in flight. Tags: provider, status. */
    public static final String UNRECOGNISED_STATUS = "reelay.upstream.status.unrecognised";
    private static final int MAX_TAG_LENGTH = 40;

    private final MeterRegistry registry;

    public TrackerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Calls held back because the provider's rate budget was spent. Tags: provider, call. */
    public static final String RATE_BUDGET_WAITS = "reelay.upstream.rate.budget.waits";

    public void rateBudgetWait(String provider, String call) {
        Counter.builder(RATE_BUDGET_WAITS)
                .description("Calls held back for a later round because the provider's rate budget was spent")
                .tag("provider", provider)
                .tag("call", call)
                .register(registry)
                .increment();
    }

    public void unrecognisedStatus(String provider, String rawStatus) {
        Counter.builder(UNRECOGNISED_STATUS)
                .description("Polls that saw an upstream status Reelay does not know; the task stays in flight")
                .tag("provider", provider)
                .tag("status", tagValue(rawStatus))
                .register(registry)
                .increment();
    }

    // The status comes from the upstream: bound what it can add to the metric's cardinality.
    private static String tagValue(String raw) {
        if (raw == null || raw.isBlank()) {
            return "none";
        }
        String clean = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.length() > MAX_TAG_LENGTH ? clean.substring(0, MAX_TAG_LENGTH) : clean;
    }
}
