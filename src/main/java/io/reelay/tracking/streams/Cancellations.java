package io.reelay.tracking.streams;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.events.VideoCancelRequested;
import io.reelay.messaging.AvroSerde;

/** Reads the optional reason of a cancellation; the key alone is enough to cancel. */
final class Cancellations {

    private static final AvroSerde<VideoCancelRequested> AVRO = AvroSerde.of(VideoCancelRequested.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cancellations() {
    }

    /** The reason in a VideoCancelRequested (Avro) or a JSON {"reason": ...}; null when none can be read. */
    static String reason(Object value) {
        if (!(value instanceof byte[] bytes) || bytes.length == 0) {
            return null;
        }
        try {
            return AVRO.decode(bytes).getReason();
        } catch (RuntimeException notAvro) {
            try {
                JsonNode reason = JSON.readTree(new String(bytes, StandardCharsets.UTF_8)).get("reason");
                return reason == null || !reason.isTextual() ? null : reason.textValue();
            } catch (Exception notJson) {
                return null;
            }
        }
    }
}
