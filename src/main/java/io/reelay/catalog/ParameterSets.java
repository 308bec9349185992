package io.reelay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Named lists of parameters in the catalog ({@code parameter_sets}), so that a model family's allowed pass-through
 * parameters are written once: in a model's {@code pass_through}, a string names a set and stands for its
 * parameters; an object is a parameter of its own. (YAML anchors would do the same, but the YAML reader does not
 * expand aliases into copies.)
 */
final class ParameterSets {

    private ParameterSets() {
    }

    /** The catalog tree with every set name in a pass_through list replaced by the set's parameters. */
    static JsonNode expand(JsonNode root) {
        JsonNode sets = root.path("parameter_sets");
        if (!sets.isMissingNode() && !sets.isNull() && !sets.isObject()) {
            throw new InvalidCatalogException("parameter_sets must map set names to lists of parameters");
        }
        for (JsonNode model : root.path("models")) {
            JsonNode given = model.get("pass_through");
            if (!model.isObject() || given == null || !given.isArray()) {
                continue;
            }
            ArrayNode expanded = ((ObjectNode) model).arrayNode();
            for (JsonNode item : given) {
                if (!item.isTextual()) {
                    expanded.add(item);
                    continue;
                }
                JsonNode set = sets.get(item.textValue());
                if (set == null || !set.isArray()) {
                    throw new InvalidCatalogException("model " + model.path("id").asText() + ": pass_through names "
                            + item.textValue() + ", which is not in parameter_sets");
                }
                expanded.addAll((ArrayNode) set);
            }
            ((ObjectNode) model).set("pass_through", expanded);
        }
        return root;
    }
}
