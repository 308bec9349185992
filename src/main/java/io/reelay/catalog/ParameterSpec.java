package io.reelay.catalog;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input parameter of a model: a row of a parameter table (the hub's models), or a pass-through parameter a
 * model without a table allows (TokenLab's extra request fields).
 *
 * @param name parameter name, as sent upstream
 * @param type JSON type
 * @param required whether a request must give it
 * @param defaultValue the upstream's default, applied by Reelay when omitted (null: none)
 * @param values the allowed values, when the parameter is an enumeration (empty: any)
 * @param min smallest allowed number, when bounded
 * @param max largest allowed number, when bounded
 * @param maxLength longest allowed string, when bounded
 * @param maxItems most items of an array, when bounded
 * @param description what it does, from the upstream's documentation
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ParameterSpec(
        String name,
        ParameterType type,
        boolean required,
        @JsonProperty("default") JsonNode defaultValue,
        List<JsonNode> values,
        BigDecimal min,
        BigDecimal max,
        @JsonProperty("max_length") Integer maxLength,
        @JsonProperty("max_items") Integer maxItems,
        String description) {

    public ParameterSpec {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
