package io.reelay.simulator.models;

import java.util.List;
import java.util.Objects;

/**
 * One TokenLab model as the simulator's data describes it (the compact table in {@code upstream-models.yaml});
 * {@link TokenLabViews} renders TokenLab's shapes from it.
 *
 * @param outputAudio when {@code output_audio} is a selector of the model: its default; else null
 * @param references maxima of reference media for reference-to-video, or null
 * @param extraInputs documented inputs beyond the unified contract's
 */
public record TokenLabModel(String id, String name, String ownedBy, List<String> operations, List<Integer> durations,
        List<String> resolutions, List<String> aspectRatios, Boolean outputAudio, References references,
        List<ExtraInput> extraInputs, List<String> requiredSelectors, Price price, ServiceLimits limits,
        Lifecycle lifecycle) {

    /** Reference media maxima; null where the model takes none of that kind. */
    public record References(Integer images, Integer videos, Integer audios) {
    }

    /**
     * A documented input beyond the unified ones.
     *
     * @param operations the operations that take it; empty means every one
     */
    public record ExtraInput(String name, String type, Integer maxItems, List<String> operations) {
        public ExtraInput {
            Objects.requireNonNull(name, "extra_inputs.name");
            operations = operations == null ? List.of() : List.copyOf(operations);
        }

        boolean appliesTo(String operation) {
            return operations.isEmpty() || operations.contains(operation);
        }
    }

    public TokenLabModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownedBy, id + ": owned_by");
        Objects.requireNonNull(price, id + ": price");
        Objects.requireNonNull(limits, id + ": limits");
        if (operations == null || operations.isEmpty()) {
            throw new IllegalArgumentException(id + ": operations must not be empty");
        }
        operations = List.copyOf(operations);
        durations = durations == null ? List.of() : List.copyOf(durations);
        resolutions = resolutions == null ? List.of() : List.copyOf(resolutions);
        aspectRatios = aspectRatios == null ? List.of() : List.copyOf(aspectRatios);
        extraInputs = extraInputs == null ? List.of() : List.copyOf(extraInputs);
        requiredSelectors = requiredSelectors == null ? List.of() : List.copyOf(requiredSelectors);
        lifecycle = lifecycle == null ? Lifecycle.ACTIVE : lifecycle;
        name = name == null ? id : name;
    }

    public TokenLabModel withPrice(Price newPrice) {
        return new TokenLabModel(id, name, ownedBy, operations, durations, resolutions, aspectRatios, outputAudio,
                references, extraInputs, requiredSelectors, newPrice, limits, lifecycle);
    }

    public TokenLabModel withLimits(ServiceLimits newLimits) {
        return new TokenLabModel(id, name, ownedBy, operations, durations, resolutions, aspectRatios, outputAudio,
                references, extraInputs, requiredSelectors, price, newLimits, lifecycle);
    }

    /** This model offering exactly these operations (a control call adding or removing one). */
    public TokenLabModel withOperations(List<String> newOperations) {
        return new TokenLabModel(id, name, ownedBy, newOperations, durations, resolutions, aspectRatios, outputAudio,
                references, extraInputs, requiredSelectors, price, limits, lifecycle);
    }

    public boolean offers(String operation) {
        return operations.contains(operation);
    }

    public TokenLabModel withLifecycle(Lifecycle newLifecycle) {
        return new TokenLabModel(id, name, ownedBy, operations, durations, resolutions, aspectRatios, outputAudio,
                references, extraInputs, requiredSelectors, price, limits, newLifecycle);
    }
}
