package io.reelay.simulator.models;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One gateway's models as they stand now: the shipped data, changed at run time by control calls (a model
 * retired, a price or a limit changed), read by discovery and by submits. Safe across threads: each model is an
 * immutable value replaced atomically.
 *
 * @param <M> the gateway's model type
 */
public final class ModelBook<M> {

    private final List<M> shipped;
    private final Function<M, String> id;
    private final List<String> order;
    private final Map<String, M> models = new ConcurrentHashMap<>();

    public ModelBook(List<M> shipped, Function<M, String> id) {
        this.shipped = List.copyOf(shipped);
        this.id = id;
        this.order = this.shipped.stream().map(id).toList();
        reset();
    }

    public static ModelBook<TokenLabModel> tokenLab() {
        return new ModelBook<>(UpstreamModels.shipped().tokenlab(), TokenLabModel::id);
    }

    public static ModelBook<HubModel> hub() {
        return new ModelBook<>(UpstreamModels.shipped().hub(), HubModel::id);
    }

    public Optional<M> get(String modelId) {
        return modelId == null ? Optional.empty() : Optional.ofNullable(models.get(modelId));
    }

    /** Every model, in the shipped order. */
    public List<M> all() {
        return order.stream().map(models::get).toList();
    }

    /**
     * Replaces the model by what {@code change} makes of it.
     *
     * @return the changed model, or empty when the book has no model {@code modelId}
     */
    public Optional<M> update(String modelId, UnaryOperator<M> change) {
        return modelId == null ? Optional.empty() : Optional.ofNullable(models.computeIfPresent(modelId,
                (k, m) -> change.apply(m)));
    }

    /** Back to the shipped data. */
    public void reset() {
        shipped.forEach(m -> models.put(id.apply(m), m));
    }
}
