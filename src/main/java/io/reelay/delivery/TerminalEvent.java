package io.reelay.delivery;

import java.time.Instant;
import java.util.Map;

import org.apache.avro.generic.IndexedRecord;

import io.reelay.delivery.payload.WebhookPayload;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.kafka.RequestOwners;

/**
 * A terminal event as the delivery worker needs it: its type, the request, who owns it (the API client that posted
 * it, from its metadata), where the request asked for a callback, and its webhook body.
 */
public record TerminalEvent(String type, String requestId, String owner, String callbackUrl, String payload) {

    public static final String COMPLETED = "video.completed";
    public static final String FAILED = "video.failed";

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
                WebhookPayload.of(type, at, event, maxPayloadBytes));
    }

    /** {@code completed} or {@code failed}: the word subscriptions filter by. */
    public String kind() {
        return type.substring(type.indexOf('.') + 1);
    }
}
