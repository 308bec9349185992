package io.reelay.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** JSON type of a model parameter, as in the hub's parameter tables. */
public enum ParameterType {
    STRING, INTEGER, NUMBER, BOOLEAN, ARRAY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    static ParameterType parse(String name) {
        return java.util.Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parameter type " + name));
    }
}
