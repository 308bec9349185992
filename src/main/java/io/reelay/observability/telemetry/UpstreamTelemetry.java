package io.reelay.observability.telemetry;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * What every upstream HTTP call leaves behind: the {@value #CALLS} timer, by provider, endpoint, HTTP
 * status and outcome, and a client span in the trace that is current when the call is made (the
 * request's: the tracker makes it current), whose {@code traceparent} goes out with the call. The one
 * place that knows the upstream meters' names and tags. Nothing of the request but its method and URL
 * (without a query) is recorded: never the key, which only ever travels in the Authorization header.
 */
public final class UpstreamTelemetry {

    /**
     * Upstream HTTP calls. Tags: provider, endpoint (submit, poll, cancel, discovery), status (HTTP code or none),
     * outcome.
     */
    public static final String CALLS = "reelay.upstream.calls";

    /** The kind of call, as tagged. */
    public enum Endpoint {
        SUBMIT, POLL, CANCEL, DISCOVERY;

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

    public static final String INSTRUMENTATION = "io.reelay.upstream";

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("reelay.provider");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("reelay.upstream.endpoint");

    private static final TextMapSetter<HttpRequest<Buffer>> HEADERS = (request, key, value) ->
            request.putHeader(key, value);

    private final MeterRegistry registry;
    private final Tracer tracer;
    /**
     * The timers recorded so far: a builder's register() builds an id, its histogram settings and looks it up through
     * the registry's filters, which cost more than the record, twice a request. As bounded as the tags (a provider's
     * endpoints by HTTP status and outcome).
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String provider, Endpoint endpoint, String status, Outcome outcome) {
    }

    public UpstreamTelemetry(MeterRegistry registry) {
        this(registry, OpenTelemetry.noop().getTracer(INSTRUMENTATION));
    }

    public UpstreamTelemetry(MeterRegistry registry, Tracer tracer) {
        this.registry = registry;
        this.tracer = tracer;
    }

    /** Records nothing: for providers built outside the application (tests). */
    public static UpstreamTelemetry disabled() {
        return new UpstreamTelemetry(new CompositeMeterRegistry());
    }

    /**
     * Observes one call: {@code send} is called when the returned Uni is subscribed to, and the call is
     * recorded when it ends (answered, failed, or cancelled by the caller's own deadline). Its span's
     * parent is the context current now, when the provider builds the call.
     */
    public Uni<HttpResponse<Buffer>> observe(String provider, Endpoint endpoint, HttpRequest<Buffer> request,
            Supplier<Uni<HttpResponse<Buffer>>> send) {
        Context parent = Context.current();
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Span span = startSpan(parent, provider, endpoint, request);
            // Only the trace context goes to the upstream (no baggage): a trace id and a span id, nothing else.
            W3CTraceContextPropagator.getInstance().inject(parent.with(span), request, HEADERS);
            return send.get().onTermination().invoke((response, failure, cancelled) -> {
                Outcome outcome = cancelled ? Outcome.CANCELLED : failure != null ? outcomeOf(failure)
                        : response.statusCode() >= 200 && response.statusCode() < 300 ? Outcome.SUCCESS
                        : Outcome.ERROR_ANSWER;
                String status = response == null ? "none" : Integer.toString(response.statusCode());
                record(provider, endpoint, status, outcome, Duration.ofNanos(System.nanoTime() - start));
                endSpan(span, response, outcome);
            });
        });
    }

    private Span startSpan(Context parent, String provider, Endpoint endpoint, HttpRequest<Buffer> request) {
        String method = request.method().name();
        return tracer.spanBuilder(method + " " + endpoint.tag())
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method)
                .setAttribute(URL, url(request))
                .setAttribute(SERVER, request.host())
                .setAttribute(PORT, (long) request.port())
                .setAttribute(PROVIDER, provider)
                .setAttribute(ENDPOINT, endpoint.tag())
                .startSpan();
    }

    private static void endSpan(Span span, HttpResponse<Buffer> response, Outcome outcome) {
        if (response != null) {
            span.setAttribute(STATUS, (long) response.statusCode());
        }
        if (outcome != Outcome.SUCCESS) {
            // As HTTP client spans do: an answer of 4xx or 5xx, or no answer, is the call's error.
            span.setAttribute(ERROR_TYPE, response != null ? Integer.toString(response.statusCode()) : outcome.tag());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** The URL without its query or fragment, which could carry a signed token. */
    private static String url(HttpRequest<Buffer> request) {
        String uri = request.uri();
        int cut = uri.indexOf('?');
        String path = cut < 0 ? uri : uri.substring(0, cut);
        boolean ssl = Boolean.TRUE.equals(request.ssl());
        return (ssl ? "https://" : "http://") + request.host() + ":" + request.port() + path;
    }

    void record(String provider, Endpoint endpoint, String status, Outcome outcome, Duration took) {
        timers.computeIfAbsent(new TimerKey(provider, endpoint, status, outcome), key -> Timer.builder(CALLS)
                .description("Upstream HTTP calls by provider, endpoint, HTTP status and outcome")
                .tag("provider", key.provider())
                .tag("endpoint", key.endpoint().tag())
                .tag("status", key.status())
                .tag("outcome", key.outcome().tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry))
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
