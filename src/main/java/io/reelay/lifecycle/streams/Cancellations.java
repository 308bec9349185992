package io.reelay.lifecycle.streams;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.common.serialization.Deserializer;

import io.reelay.events.VideoCancelRequested;
import io.reelay.kafka.Topics;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;

/** Reads the optional reason of a cancellation; the key alone is enough to cancel. */
final class Cancellations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cancellations() {
    }

    /**
     * The reason in a VideoCancelRequested (Avro, read with {@code avro}) or a JSON {"reason": ...}; null when none
     * can be read.
     */
    static String reason(Object value, Deserializer<VideoCancelRequested> avro) {
        if (!(value instanceof byte[] bytes) || bytes.length == 0) {
            return null;
        }
        try {
            return avro.deserialize(Topics.CANCELLATIONS, bytes).getReason();
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
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
