package io.reelay.api.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The list envelope of the upstreams' discovery endpoints: {"object":"list","data":[...]}. */
@JsonPropertyOrder({"object", "data"})
public record ModelList(String object, List<ModelView> data) {

    static ModelList of(List<ModelView> data) {
        return new ModelList("list", data);
    }
}
