package io.reelay.simulator.models;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A control call's change to one model (docs/simulator.md, "Changing models while it runs"): any of
 * {@code lifecycle} (dates as ISO-8601 or {@code "now"}, {@code replacement_model}), {@code price} (a new
 * {@code usd} for the base price, or a whole price with {@code unit}), {@code service_limits} and, for TokenLab,
 * {@code operations} ({@code add} and/or {@code remove}: lists of operation names). Unnamed fields keep their value.
 *
 * @param operations the operation change, or null
 */
public record ModelChange(Lifecycle lifecycle, JsonObject price, ServiceLimits limits, Operations operations) {

    private static final Set<String> FIELDS = Set.of("lifecycle", "price", "service_limits", "operations");
    /** The operations of TokenLab's unified contract: audio-to-video and video-extension are model-specific. */
    private static final List<String> OPERATIONS = List.of("text-to-video", "image-to-video", "reference-to-video",
            "start-end-to-video", "video-to-video", "motion-control", "audio-to-video", "video-extension");

    /** Operations a model gains and loses. */
    public record Operations(List<String> add, List<String> remove) {

        List<String> applyTo(String model, List<String> current) {
            List<String> next = new ArrayList<>(current);
            add.stream().filter(op -> !next.contains(op)).forEach(next::add);
            next.removeAll(remove);
            if (next.isEmpty()) {
                throw new IllegalArgumentException(model + " would offer no operation");
            }
            return next;
        }
    }
    private static final Set<String> LIFECYCLE = Set.of("deprecated_at", "retired_at", "sunset_at",
            "replacement_model");

    /**
     * Reads a control call's body.
     *
     * @param now what {@code "now"} means
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ModelChange parse(JsonObject body, Instant now) {
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown field " + key + "; expected any of " + FIELDS);
            }
        }
        return new ModelChange(lifecycle(object(body, "lifecycle"), now), object(body, "price"),
                limits(object(body, "service_limits")), operations(object(body, "operations")));
    }

    public TokenLabModel applyTo(TokenLabModel m) {
        TokenLabModel changed = m.withLifecycle(m.lifecycle().merge(lifecycle)).withPrice(price(m.price()));
        if (operations != null) {
            changed = changed.withOperations(operations.applyTo(m.id(), m.operations()));
        }
        return limits == null ? changed : changed.withLimits(m.limits().merge(limits));
    }

    public HubModel applyTo(HubModel m) {
        if (limits != null) {
            throw new IllegalArgumentException("the hub publishes no service limits");
        }
        if (operations != null) {
            throw new IllegalArgumentException("a hub model is one mode (its category); operations are TokenLab's");
        }
        return m.withLifecycle(m.lifecycle().merge(lifecycle)).withPrice(price(m.price()));
    }

    private Price price(Price current) {
        if (price == null) {
            return current;
        }
        if (price.containsKey("unit")) {
            return read(price, Price.class, "price");
        }
        for (String key : price.fieldNames()) {
            if (!"usd".equals(key)) {
                throw new IllegalArgumentException("price takes usd alone, or a whole price with unit; got " + key);
            }
        }
        Object usd = price.getValue("usd");
        if (!(usd instanceof Number || usd instanceof String)) {
            throw new IllegalArgumentException("price.usd must be a number");
        }
        try {
            return current.withUsd(new BigDecimal(usd.toString()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("price.usd must be a number, was " + usd);
        }
    }

    private static Lifecycle lifecycle(JsonObject json, Instant now) {
        if (json == null) {
            return Lifecycle.ACTIVE;
        }
        for (String key : json.fieldNames()) {
            if (!LIFECYCLE.contains(key)) {
                throw new IllegalArgumentException("unknown lifecycle field " + key + "; expected any of "
                        + LIFECYCLE);
            }
        }
        return new Lifecycle(instant(json, "deprecated_at", now), instant(json, "retired_at", now),
                instant(json, "sunset_at", now), json.getValue("replacement_model") instanceof String r ? r : null);
    }

    private static Operations operations(JsonObject json) {
        if (json == null) {
            return null;
        }
        for (String key : json.fieldNames()) {
            if (!"add".equals(key) && !"remove".equals(key)) {
                throw new IllegalArgumentException("unknown operations field " + key + "; expected add or remove");
            }
        }
        return new Operations(names(json, "add"), names(json, "remove"));
    }

    private static List<String> names(JsonObject json, String key) {
        Object value = json.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof io.vertx.core.json.JsonArray array)) {
            throw new IllegalArgumentException("operations." + key + " must be a list of operation names");
        }
        List<String> names = new ArrayList<>();
        for (Object name : array) {
            if (!OPERATIONS.contains(name)) {
                throw new IllegalArgumentException("operations." + key + ": " + name + " is not one of " + OPERATIONS);
            }
            names.add((String) name);
        }
        return names;
    }

    private static ServiceLimits limits(JsonObject json) {
        if (json == null) {
            return null;
        }
        return read(json, ServiceLimits.class, "service_limits");
    }

    private static <T> T read(JsonObject json, Class<T> type, String what) {
        try {
            return UpstreamModels.jsonMapper().readValue(json.encode(), type);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " unreadable: " + e.getMessage(), e);
        }
    }

    private static Instant instant(JsonObject json, String key, Instant now) {
        Object value = json.getValue(key);
        if (value == null) {
            return null;
        }
        if ("now".equals(value)) {
            return now;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("lifecycle." + key + " must be an ISO-8601 instant or \"now\", was "
                    + value);
        }
    }

    private static JsonObject object(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(key + " must be an object");
    }
}
