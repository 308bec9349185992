package io.reelay.deploy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether a Kubernetes label selector (matchLabels and matchExpressions) selects a set of labels. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** An empty selector ({}) selects everything, as in a NetworkPolicy's podSelector. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var entry = matchLabels.next();
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean matches = switch (expression.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("operator " + expression.path("operator"));
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
