package io.reelay.catalog.discovery;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.Operation;
import io.reelay.catalog.ParameterSpec;
import io.reelay.catalog.ParameterType;

/**
 * Reads the hub's discovery ({@code GET /hub/v1/models}, {@code GET /hub/v1/models/{model}}) into catalog facts:
 * the operation (its {@code category}, or a {@code capability} naming one), the lifecycle, and the parameter table
 * from {@code input_schema} (JSON-schema style: {@code properties} with {@code type}, {@code default}, {@code enum},
 * {@code minimum}, {@code maximum}, {@code maxLength}, {@code maxItems}, {@code description}; {@code required};
 * {@code oneOf} of {@code required} groups; a list of table rows is read too). A row whose type is not one of the
 * catalog's is left out; a rule that contradicts its row (a default of another type or outside its values) is
 * dropped, the row kept. Every field optional, extra fields ignored; never throws.
 */
public final class HubModels {

    public static final String PROVIDER = "hub";
    private static final int MAX_PARAMETERS = 64;

    private HubModels() {
    }

    /** A list answer (entries may carry their {@code input_schema} or leave it to the detail call). */
    public static Discovery list(JsonNode answer) {
        return DiscoveryJson.models(PROVIDER, answer, HubModels::idOf, HubModels::model);
    }

    /** Whether a list entry leaves its {@code input_schema} to {@code GET /hub/v1/models/{model}}. */
    public static boolean needsDetail(JsonNode entry) {
        return entry != null && entry.isObject() && DiscoveryJson.object(entry, "input_schema") == null
                && !(entry.get("input_schema") != null && entry.get("input_schema").isArray());
    }

    /** The id of a list entry ({@code id} or {@code model}), or null. */
    public static String idOf(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return null;
        }
        String id = DiscoveryJson.id(entry, "id");
        return id != null ? id : DiscoveryJson.id(entry, "model");
    }

    /** A list entry or a detail answer, or null when it has no usable id. */
    public static DiscoveredModel model(JsonNode entry) {
        String id = idOf(entry);
        if (id == null) {
            return null;
        }
        Table table = table(entry.get("input_schema"));
        return new DiscoveredModel(PROVIDER, id,
                DiscoveryJson.text(entry, "vendor", DiscoveryJson.MAX_NAME),
                DiscoveryJson.text(entry, "name", DiscoveryJson.MAX_NAME),
                DiscoveryJson.text(entry, "description", DiscoveryJson.MAX_DESCRIPTION),
                true, operations(entry), null, table.rows(), table.oneOf(),
                TokenLabModels.lifecycle(id, DiscoveryJson.object(entry, "lifecycle")), null, null);
    }

    private static Set<Operation> operations(JsonNode entry) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String field : List.of("category", "capability", "mode")) {
            Operation.fromWire(DiscoveryJson.text(entry, field, DiscoveryJson.MAX_SHORT)).ifPresent(ops::add);
        }
        DiscoveryJson.list(entry, "operations", DiscoveryJson::shortText)
                .forEach(name -> Operation.fromWire(name).ifPresent(ops::add));
        return ops;
    }

    record Table(List<ParameterSpec> rows, List<List<String>> oneOf) {
    }

    static Table table(JsonNode schema) {
        List<ParameterSpec> rows = new ArrayList<>();
        if (schema == null) {
            return new Table(rows, List.of());
        }
        if (schema.isArray()) {
            for (int i = 0; i < schema.size() && rows.size() < MAX_PARAMETERS; i++) {
                JsonNode row = schema.get(i);
                addRow(rows, DiscoveryJson.text(row, "name", 64), row, false);
            }
            return new Table(rows, List.of());
        }
        JsonNode properties = DiscoveryJson.object(schema, "properties");
        if (properties == null) {
            return new Table(rows, List.of());
        }
        Set<String> required = new LinkedHashSet<>(DiscoveryJson.list(schema, "required", DiscoveryJson::shortText));
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        for (int i = 0; fields.hasNext() && i < MAX_PARAMETERS * 2 && rows.size() < MAX_PARAMETERS; i++) {
            Map.Entry<String, JsonNode> field = fields.next();
            addRow(rows, field.getKey(), field.getValue(), required.contains(field.getKey()));
        }
        return new Table(rows, oneOf(schema, rows));
    }

    /** {@code oneOf: [{required: [a]}, {required: [b]}]}: one group [a, b], when every name is a row. */
    private static List<List<String>> oneOf(JsonNode schema, List<ParameterSpec> rows) {
        List<String> group = new ArrayList<>();
        for (JsonNode alternative : DiscoveryJson.list(schema, "oneOf", v -> v.isObject() ? v : null)) {
            List<String> names = DiscoveryJson.list(alternative, "required", DiscoveryJson::shortText);
            if (names.size() != 1 || rows.stream().noneMatch(r -> r.name().equals(names.get(0)))) {
                return List.of();
            }
            if (!group.contains(names.get(0))) {
                group.add(names.get(0));
            }
        }
        return group.size() < 2 ? List.of() : List.of(group);
    }

    private static void addRow(List<ParameterSpec> rows, String name, JsonNode p, boolean requiredByList) {
        if (!DiscoveryJson.usableName(name) || p == null || !p.isObject()
                || rows.stream().anyMatch(r -> r.name().equals(name))) {
            return;
        }
        ParameterType type = type(DiscoveryJson.text(p, "type", DiscoveryJson.MAX_SHORT));
        if (type == null) {
            return;
        }
        boolean numeric = type == ParameterType.INTEGER || type == ParameterType.NUMBER;
        List<JsonNode> values = new ArrayList<>();
        JsonNode enumeration = p.has("enum") ? p.get("enum") : p.get("values");
        if (enumeration != null && enumeration.isArray()) {
            for (int i = 0; i < enumeration.size() && i < DiscoveryJson.MAX_ITEMS; i++) {
                JsonNode v = enumeration.get(i);
                if (hasType(v, type) && v.toString().length() <= 256 && !values.contains(v)) {
                    values.add(v);
                }
            }
        }
        BigDecimal min = numeric ? DiscoveryJson.number(p.has("minimum") ? p.get("minimum") : p.get("min")) : null;
        BigDecimal max = numeric ? DiscoveryJson.number(p.has("maximum") ? p.get("maximum") : p.get("max")) : null;
        if (min != null && max != null && min.compareTo(max) > 0) {
            min = null;
            max = null;
        }
        Integer maxLength = type == ParameterType.STRING ? DiscoveryJson.positive(p, p.has("maxLength") ? "maxLength"
                : "max_length") : null;
        Integer maxItems = type == ParameterType.ARRAY ? DiscoveryJson.positive(p, p.has("maxItems") ? "maxItems"
                : "max_items") : null;
        JsonNode def = p.get("default");
        if (def != null && !usableDefault(def, type, values, min, max, maxLength)) {
            def = null;
        }
        boolean required = requiredByList || p.path("required").asBoolean(false) && p.get("required").isBoolean();
        rows.add(new ParameterSpec(name, type, required, def, values, min, max, maxLength, maxItems,
                DiscoveryJson.text(p, "description", DiscoveryJson.MAX_DESCRIPTION)));
    }

    private static boolean usableDefault(JsonNode def, ParameterType type, List<JsonNode> values, BigDecimal min,
            BigDecimal max, Integer maxLength) {
        if (!hasType(def, type) || def.toString().length() > 1024 || !values.isEmpty() && !values.contains(def)) {
            return false;
        }
        if (def.isNumber()) {
            BigDecimal d = DiscoveryJson.number(def);
            return d != null && (min == null || d.compareTo(min) >= 0) && (max == null || d.compareTo(max) <= 0);
        }
        return !def.isTextual() || maxLength == null || def.asText().length() <= maxLength;
    }

    private static ParameterType type(String name) {
        if (name == null) {
            return null;
        }
        for (ParameterType t : ParameterType.values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static boolean hasType(JsonNode value, ParameterType type) {
        return switch (type) {
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber() && DiscoveryJson.number(value) != null;
            case BOOLEAN -> value.isBoolean();
            case ARRAY -> value.isArray();
        };
    }
}
