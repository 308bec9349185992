package io.reelay.delivery.state;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON of a delivery on the state topic (internal, compacted; like the catalog topic, JSON rather than Avro:
 * only Reelay reads it, and unknown fields are skipped so a later version may add some). Decoding never throws.
 */
public final class DeliveryStateCodec {

    /** Largest record read; a larger one (or anything unreadable) is skipped. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DeliveryStateCodec() {
    }

    public static byte[] encode(DeliveryState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a delivery state", e);
        }
    }

    /** The state in {@code bytes}, or empty when they are not one. */
    public static Optional<DeliveryState> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            DeliveryState s = JSON.readValue(bytes, DeliveryState.class);
            boolean usable = s.webhookId() != null && s.requestId() != null && s.endpoint() != null
                    && s.status() != null && s.eventType() != null;
            return usable ? Optional.of(s) : Optional.empty();
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** Largest subscription record read: a few short fields. */
    public static final int MAX_SUBSCRIPTION_BYTES = 4096;

    public static byte[] encode(SubscriptionState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a subscription state", e);
        }
    }

    /**
     * The subscription record in {@code bytes}, or empty when they are not one: too large, not JSON, a field
     * missing, a name longer than {@link SubscriptionState#MAX_NAME}, a hash that is not 64 hex digits.
     */
    public static Optional<SubscriptionState> decodeSubscription(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_SUBSCRIPTION_BYTES) {
            return Optional.empty();
        }
        try {
            SubscriptionState s = JSON.readValue(bytes, SubscriptionState.class);
            boolean usable = s.subscription() != null && !s.subscription().isEmpty()
                    && s.subscription().length() <= SubscriptionState.MAX_NAME && s.changedAt() != null
                    && s.urlSha256() != null && s.urlSha256().matches("[0-9a-f]{64}");
            return usable ? Optional.of(s) : Optional.empty();
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** Text of any small JSON-able value (the dead letters). */
    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            return ("{\"error\":\"unwritable\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
