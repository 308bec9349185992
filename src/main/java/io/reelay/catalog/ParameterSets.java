package io.reelay.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Named lists of pass-through parameters in the catalog ({@code parameter_sets}), so that what a model family may
 * be given is written once and named by each model's {@code pass_through_sets}. (YAML anchors would do the same,
 * but the YAML reader does not expand aliases into copies.)
 */
final class ParameterSets {

    private ParameterSets() {
    }

    /** The models with every named set resolved into their pass-through parameters (the sets' first). */
    static List<ModelSpec> resolve(Map<String, List<ParameterSpec>> sets, List<ModelSpec> models) {
        Map<String, List<ParameterSpec>> known = sets == null ? Map.of() : sets;
        List<ModelSpec> resolved = new ArrayList<>();
        for (ModelSpec model : models) {
            if (model.passThroughSets().isEmpty()) {
                resolved.add(model);
                continue;
            }
            List<ParameterSpec> parameters = new ArrayList<>();
            for (String name : model.passThroughSets()) {
                List<ParameterSpec> set = known.get(name);
                if (set == null) {
                    throw new InvalidCatalogException("model " + model.id() + ": pass_through_sets names " + name
                            + ", which is not in parameter_sets");
                }
                parameters.addAll(set);
            }
            parameters.addAll(model.passThrough());
            resolved.add(model.withPassThrough(parameters));
        }
        return resolved;
    }
}
