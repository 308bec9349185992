package io.reelay.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.avro.generic.IndexedRecord;

import io.reelay.delivery.payload.WebhookPayload;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.kafka.RequestOwners;

/**
 * A terminal event as the delivery worker needs it: its type, the request, who owns it (the API client that posted
 * it, from its metadata), where the request asked for a callback, and its webhook body. The body is built the first
 * time it is asked for: most events match no endpoint, and building it (the event as JSON, cut to the payload limit)
 * cost more than reading the event.
 */
public final class TerminalEvent {

    public static final String COMPLETED = "video.completed";
    public static final String FAILED = "video.failed";

    private final String type;
    private final String requestId;
    private final String owner;
    private final String callbackUrl;
    private final Supplier<String> body;
    private String payload;

    public TerminalEvent(String type, String requestId, String owner, String callbackUrl, String payload) {
        this(type, requestId, owner, callbackUrl, () -> payload);
    }

    private TerminalEvent(String type, String requestId, String owner, String callbackUrl, Supplier<String> body) {
        this.type = type;
        this.requestId = requestId;
        this.owner = owner;
        this.callbackUrl = callbackUrl;
        this.body = body;
    }

    public static TerminalEvent of(VideoCompleted event, int maxPayloadBytes) {
        return of(COMPLETED, event.getRequestId(), event.getMetadata(), event.getCallbackUrl(),
                event.getCompletedAt(), event, maxPayloadBytes);
    }

    public static TerminalEvent of(VideoFailed event, int maxPayloadBytes) {
        return of(FAILED, event.getRequestId(), event.getMetadata(), event.getCallbackUrl(), event.getFailedAt(),
                event, maxPayloadBytes);
    }

    private static TerminalEvent of(String type, String requestId, Map<String, String> metadata, String callbackUrl,
            Instant at, IndexedRecord event, int maxPayloadBytes) {
        String owner = metadata == null ? null : metadata.get(RequestOwners.METADATA_KEY);
        return new TerminalEvent(type, requestId, owner, callbackUrl,
                () -> WebhookPayload.of(type, at, event, maxPayloadBytes));
    }

    /** {@code video.completed} or {@code video.failed}. */
    public String type() {
        return type;
    }

    public String requestId() {
        return requestId;
    }

    /** The API client that posted the request, or null. */
    public String owner() {
        return owner;
    }

    /** Where the request asked for a callback, or null. */
    public String callbackUrl() {
        return callbackUrl;
    }

    /** The webhook body, the same every time it is asked for (one thread reads an event). */
    public String payload() {
        if (payload == null) {
            payload = body.get();
        }
        return payload;
    }

    /** {@code completed} or {@code failed}: the word subscriptions filter by. */
    public String kind() {
        return type.substring(type.indexOf('.') + 1);
    }
}
