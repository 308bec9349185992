package io.reelay.lifecycle.mirror;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What mirroring does, counted: bytes stored, how long after the upstream's completion a file is stored, failed
 * attempts by their bounded reason, and how completions went out. Tags are bounded: provider and model come from
 * the catalog, reasons and statuses from closed lists.
 */
public final class MirrorMetrics {

    /** Bytes copied into object storage. */
    public static final String BYTES = "reelay.mirror.bytes";
    /** From the upstream's completion (as Reelay saw it) to a file stored. */
    public static final String LAG = "reelay.mirror.lag";
    /** Failed copy attempts, by reason (retried ones included). */
    public static final String FAILURES = "reelay.mirror.failures";
    /** Completions that waited for copies, by their mirror status (stored, failed). */
    public static final String OUTCOMES = "reelay.mirror.outcomes";

    private final MeterRegistry registry;

    public MirrorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A file of {@code bytes} was stored {@code lag} after the upstream's completion. */
    public void stored(String provider, long bytes, Duration lag) {
        Counter.builder(BYTES).description("Bytes copied into object storage").baseUnit("bytes")
                .tag("provider", provider).register(registry).increment(bytes);
        Timer.builder(LAG).description("From the upstream's completion to a file stored")
                .tag("provider", provider).publishPercentileHistogram().register(registry).record(lag);
    }

    /** A copy attempt failed. */
    public void failed(String provider, String reason) {
        Counter.builder(FAILURES).description("Failed copy attempts, by reason")
                .tag("provider", provider).tag("reason", reason).register(registry).increment();
    }

    /** A completion that waited for its copies went out with {@code status}. */
    public void completed(String provider, String status) {
        Counter.builder(OUTCOMES).description("Completions that waited for copies, by mirror status")
                .tag("provider", provider).tag("status", status).register(registry).increment();
    }
}
