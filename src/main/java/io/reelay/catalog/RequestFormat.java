package io.reelay.catalog;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The output choices a model without a parameter table offers (TokenLab's {@code request_format_summary}):
 * allowed durations, resolutions and aspect ratios. Empty lists: none stated (any value goes to the upstream). Shown
 * by {@code GET /v1/models} and enforced by intake (a value a non-empty list lacks is refused); the hub's models
 * state theirs in their parameter table instead.
 *
 * @param durations allowed {@code duration} values, in seconds
 * @param resolutions allowed {@code resolution} values, e.g. 720p
 * @param aspectRatios allowed {@code aspect_ratio} values, e.g. 16:9
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RequestFormat(
        List<Integer> durations,
        List<String> resolutions,
        @JsonProperty("aspect_ratios") List<String> aspectRatios) {

    public static final RequestFormat NONE = new RequestFormat(null, null, null);

    public RequestFormat {
        durations = durations == null ? List.of() : List.copyOf(durations);
        resolutions = resolutions == null ? List.of() : List.copyOf(resolutions);
        aspectRatios = aspectRatios == null ? List.of() : List.copyOf(aspectRatios);
    }

    /** This one with every list {@code other} states (non-empty) replacing this one's. */
    public RequestFormat overlaidBy(RequestFormat other) {
        if (other == null) {
            return this;
        }
        return new RequestFormat(other.durations.isEmpty() ? durations : other.durations,
                other.resolutions.isEmpty() ? resolutions : other.resolutions,
                other.aspectRatios.isEmpty() ? aspectRatios : other.aspectRatios);
    }
}
