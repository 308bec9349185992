package io.reelay.simulator.models;

import java.util.Map;
import java.util.Objects;

/**
 * One hub model: its parameter table as the hub's {@code input_schema} (a JSON-schema-like object, kept as parsed),
 * plus the simulator's invented price and its lifecycle.
 *
 * @param category the hub document's grouping, e.g. {@code text-to-video}
 */
public record HubModel(String id, String name, String vendor, String category, String description, Price price,
        Map<String, Object> inputSchema, Lifecycle lifecycle) {

    public HubModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, id + ": category");
        Objects.requireNonNull(price, id + ": price");
        if (inputSchema == null || !(inputSchema.get("properties") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(id + ": input_schema needs properties");
        }
        // In the document's order: answers list the parameters as the hub's table does.
        inputSchema = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputSchema));
        lifecycle = lifecycle == null ? Lifecycle.ACTIVE : lifecycle;
        name = name == null ? id : name;
    }

    public HubModel withPrice(Price newPrice) {
        return new HubModel(id, name, vendor, category, description, newPrice, inputSchema, lifecycle);
    }

    public HubModel withLifecycle(Lifecycle newLifecycle) {
        return new HubModel(id, name, vendor, category, description, price, inputSchema, newLifecycle);
    }
}
