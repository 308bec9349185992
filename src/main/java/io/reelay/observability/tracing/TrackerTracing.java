package io.reelay.observability.tracing;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.reelay.kafka.Topics;
import io.reelay.kafka.TraceHeaders;

/**
 * One trace per request, across the Kafka hops Kafka Streams does not follow by itself. The trace
 * starts at admission, as a child of the producer's {@code traceparent} header on video.requests when
 * it sent one; the admission span's context is stored with the request ({@code trace_parent}), so the
 * submit, every poll (run from the punctuator, long after the request record) and the terminal event
 * are its children, and every record the tracker writes carries a {@code traceparent} for consumers.
 *
 * <p>Spans carry ids, model, provider and outcome; never a key, a prompt or an input URL. With the
 * OpenTelemetry SDK off (the default), spans are not recorded, but a producer's trace context is still
 * passed on to every record written for its request.
 */
public final class TrackerTracing {

    public static final String INSTRUMENTATION = "io.reelay.tracker";

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("reelay.request_id");
    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("reelay.model");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("reelay.provider");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("reelay.outcome");
    public static final AttributeKey<String> FAILURE_REASON = AttributeKey.stringKey("reelay.failure_reason");

    private final Tracer tracer;

    public TrackerTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Records nothing and starts no trace (a producer's context is still passed on). */
    public static TrackerTracing disabled() {
        return new TrackerTracing(OpenTelemetry.noop().getTracer(INSTRUMENTATION));
    }

    /**
     * Starts the admission span of a record of video.requests: a child of the trace its headers
     * carry, else the root of a new trace. The caller ends it.
     */
    public Span startAdmission(Headers headers, String key) {
        return tracer.spanBuilder(Topics.REQUESTS + " process")
                .setParent(TraceHeaders.extract(headers))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, Topics.REQUESTS)
                .setAttribute(OPERATION, "process")
                .setAttribute(MESSAGE_KEY, key == null ? "" : key)
                .startSpan();
    }

    /**
     * The headers of a terminal event (video.completed or video.failed), under a publish span of its
     * own in the request's trace: {@code parent} is the stored trace_parent, else the current context.
     *
     * @param provider the catalog's provider, or null (not an attribute then)
     * @param model the catalog's model id, or null: a model id the catalog does not know is left out
     * @param failureReason the FailureReason's name, or null for a completion
     */
    public Headers terminal(String topic, String requestId, String parent, String provider, String model,
            String failureReason) {
        Context parentContext = parent != null ? TraceHeaders.fromTraceParent(parent) : Context.current();
        Span span = tracer.spanBuilder(topic + " publish")
                .setParent(parentContext)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_KEY, requestId)
                .setAttribute(REQUEST_ID, requestId)
                .startSpan();
        setIfPresent(span, PROVIDER, provider);
        setIfPresent(span, MODEL, model);
        span.setAttribute(OUTCOME, failureReason == null ? "completed" : "failed");
        if (failureReason != null) {
            span.setAttribute(FAILURE_REASON, failureReason);
            span.setStatus(StatusCode.ERROR, failureReason);
        }
        Headers headers = new RecordHeaders();
        TraceHeaders.inject(parentContext.with(span), headers);
        span.end();
        return headers;
    }

    /** The headers of a video.tasks record: the request's trace, as stored. */
    public static Headers lifecycle(String traceParent) {
        Headers headers = new RecordHeaders();
        if (traceParent != null) {
            TraceHeaders.inject(TraceHeaders.fromTraceParent(traceParent), headers);
        }
        return headers;
    }

    private static void setIfPresent(Span span, AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }
}
