package io.reelay.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reelay.delivery.http.Attempt;
import io.reelay.delivery.state.DeliveryState;

/**
 * The delivery worker's meters. Tag {@code endpoint} is a subscription's name (from the configuration) or
 * {@code callback} for every request's callback URL: bounded, never a URL.
 */
public final class WebhookMetrics {

    /** Attempts made. Tags: endpoint, outcome (delivered, retry, gone, failed: Attempt.Verdict). */
    public static final String ATTEMPTS = "reelay.webhooks.attempts";
    /** Time from sending an attempt to its answer (or error). Tags: endpoint. */
    public static final String LATENCY = "reelay.webhooks.latency";
    /** Deliveries that ended. Tags: endpoint, outcome (delivered, failed, gone, dead, endpoint_disabled). */
    public static final String ENDED = "reelay.webhooks.deliveries";
    /** From the terminal event's offset being read to the first attempt's answer. Tags: endpoint. */
    public static final String FIRST_ATTEMPT_LAG = "reelay.webhooks.first.attempt.lag";

    /** Subscriptions disabled because they answered 410 Gone. Tags: endpoint. */
    public static final String DISABLED = "reelay.webhooks.subscriptions.disabled";

    /** Deliveries the worker holds in memory (waiting for a retry, in a backlog, or in flight). */
    public static final String HELD = "reelay.webhooks.held";
    /** Deliveries due and waiting for a slot, over every endpoint (a slow endpoint's backlog shows here). */
    public static final String WAITING = "reelay.webhooks.waiting";

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The dispatcher's gauges: deliveries held, and due and waiting. */
    public void gauges(Supplier<Number> held, Supplier<Number> waiting) {
        Gauge.builder(HELD, held).register(registry);
        Gauge.builder(WAITING, waiting).register(registry);
    }

    public void attempted(String endpoint, Attempt attempt) {
        registry.counter(ATTEMPTS, Tags.of("endpoint", endpoint, "outcome",
                attempt.verdict().name().toLowerCase(java.util.Locale.ROOT))).increment();
        Timer.builder(LATENCY).tags("endpoint", endpoint).publishPercentileHistogram().register(registry)
                .record(attempt.latency());
    }

    public void firstAttempt(String endpoint, Duration lag) {
        Timer.builder(FIRST_ATTEMPT_LAG).tags("endpoint", endpoint).publishPercentileHistogram().register(registry)
                .record(lag);
    }

    public void disabled(String endpoint) {
        registry.counter(DISABLED, Tags.of("endpoint", endpoint)).increment();
    }

    public void ended(String endpoint, DeliveryState.Status status) {
        registry.counter(ENDED, Tags.of("endpoint", endpoint, "outcome", status.name())).increment();
    }
}
