package io.reelay.intake.decode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.intake.ValidationError;

/**
 * The hub's own request shape, {@code {"model", "input": {...}}}, read as the flat one: every field of
 * {@code input} becomes a top-level field, so a request is judged the same whichever shape it came in. A field given
 * both at the top level and in {@code input} with different values is a conflict (the top-level value is kept, so
 * the request is still refused by field). The envelope's own fields ({@code request_id}, {@code model},
 * {@code metadata}...) are never taken from {@code input}: they stay model parameters there, and the model refuses
 * them as such.
 */
final class HubShape {

    static final String INPUT = "input";

    private static final Set<String> ENVELOPE = Set.of("request_id", "model", "provider", "metadata", "requested_at",
            "max_wait_seconds", INPUT, "parameters", "tenant", "priority");

    private HubShape() {
    }

    /** @param root a request whose {@code input} is an object */
    static ObjectNode flatten(ObjectNode root, List<ValidationError> errors, int maxConflicts) {
        ObjectNode flat = root.deepCopy();
        ObjectNode input = (ObjectNode) flat.remove(INPUT);
        ObjectNode rest = flat.objectNode();
        int conflicts = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode top = flat.get(name);
            if (ENVELOPE.contains(name)) {
                rest.set(name, e.getValue());
            } else if (top == null) {
                flat.set(name, e.getValue());
            } else if (!top.equals(e.getValue()) && conflicts++ < maxConflicts) {
                errors.add(ValidationError.of(name, "conflict", name + " is given both at the top level and in "
                        + INPUT + ", with different values"));
            }
        }
        if (!rest.isEmpty()) {
            flat.set(INPUT, rest);
        }
        return flat;
    }
}
