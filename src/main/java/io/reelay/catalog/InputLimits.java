package io.reelay.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How many reference inputs a model takes (null: no stated limit beyond the defaults). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputLimits(
        @JsonProperty("reference_images") Integer referenceImages,
        @JsonProperty("reference_videos") Integer referenceVideos,
        @JsonProperty("reference_audios") Integer referenceAudios) {

    public static final InputLimits NONE = new InputLimits(null, null, null);
}
