package io.reelay.upstream.telemetry;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * What every upstream HTTP call leaves behind: the {@value #CALLS} timer, by provider, endpoint, HTTP
 * status and outcome. The one place that knows the upstream meters' names and tags; nothing of the
 * request (its key, its body) is ever a tag.
 */
public final class UpstreamTelemetry {

    /** Upstream HTTP calls. Tags: provider, endpoint (submit, poll, cancel), status (HTTP code or none), outcome. */
    public static final String CALLS = "reelay.upstream.calls";

    /** The kind of call, as tagged. */
    public enum Endpoint {
        SUBMIT, POLL, CANCEL;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a call ended: an answer (2xx or not), or none. */
    enum Outcome {
        SUCCESS, ERROR_ANSWER, TIMEOUT, CONNECTION_ERROR, CANCELLED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    public UpstreamTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records nothing: for providers built outside the application (tests). */
    public static UpstreamTelemetry disabled() {
        return new UpstreamTelemetry(new CompositeMeterRegistry());
    }

    /**
     * Observes one call: {@code send} is called when the returned Uni is subscribed to, and the call is
     * recorded when it ends (answered, failed, or cancelled by the caller's own deadline).
     */
    public Uni<HttpResponse<Buffer>> observe(String provider, Endpoint endpoint, HttpRequest<Buffer> request,
            Supplier<Uni<HttpResponse<Buffer>>> send) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return send.get().onTermination().invoke((response, failure, cancelled) -> {
                Outcome outcome = cancelled ? Outcome.CANCELLED : failure != null ? outcomeOf(failure)
                        : response.statusCode() >= 200 && response.statusCode() < 300 ? Outcome.SUCCESS
                        : Outcome.ERROR_ANSWER;
                String status = response == null ? "none" : Integer.toString(response.statusCode());
                record(provider, endpoint, status, outcome, Duration.ofNanos(System.nanoTime() - start));
            });
        });
    }

    void record(String provider, Endpoint endpoint, String status, Outcome outcome, Duration took) {
        Timer.builder(CALLS)
                .description("Upstream HTTP calls by provider, endpoint, HTTP status and outcome")
                .tag("provider", provider)
                .tag("endpoint", endpoint.tag())
                .tag("status", status)
                .tag("outcome", outcome.tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(took);
    }

    /** No answer: our own deadline or Vert.x's (both say timeout), else the connection failed. */
    static Outcome outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return Outcome.TIMEOUT;
            }
        }
        return Outcome.CONNECTION_ERROR;
    }
}
