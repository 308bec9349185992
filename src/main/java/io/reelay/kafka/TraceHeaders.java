package io.reelay.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

/**
 * The W3C trace context ({@value #TRACEPARENT}, and {@code tracestate} when there is one) on Kafka
 * record headers and as the one string the tracker stores. Only the trace context travels: baggage
 * a producer sent is not copied on, to the upstream or to any topic.
 */
public final class TraceHeaders {

    /** The W3C header: {@code 00-<trace id>-<parent span id>-<flags>}. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> FROM_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> TO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> map) {
            return map.keySet();
        }

        @Override
        public String get(Map<String, String> map, String key) {
            return map == null ? null : map.get(key);
        }
    };

    private TraceHeaders() {
    }

    /** The trace context the headers carry, as a parent; the root context when they carry none (or a bad one). */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, FROM_HEADERS);
    }

    /** Writes the context's span as the records' parent, replacing any trace headers already there. */
    public static void inject(Context context, Headers headers) {
        W3C.fields().forEach(headers::remove);
        W3C.inject(context, headers, TO_HEADERS);
    }

    /** The traceparent of the context's span, or null when it has no valid span. */
    public static String traceParent(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored traceparent names, as a parent; the root context for null or a bad value. */
    public static Context fromTraceParent(String traceParent) {
        if (traceParent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceParent), FROM_MAP);
    }
}
