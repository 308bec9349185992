package io.reelay.catalog;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a model is in its upstream's life, as the upstream's discovery states it (TokenLab's {@code lifecycle}).
 * Every part is optional: a model without dates is simply available.
 *
 * @param stage the upstream's word for it (e.g. {@code ga}, {@code deprecated}, {@code retired}); shown, not acted on
 * @param deprecatedAt from when the upstream advises against it (still served)
 * @param retiredAt from when the upstream no longer serves it: new requests are refused with {@code model_retired}
 * @param sunsetAt from when the upstream forgets it entirely (its old tasks included)
 * @param replacementModel the id the upstream names instead (same provider)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelLifecycle(
        String stage,
        @JsonProperty("deprecated_at") Instant deprecatedAt,
        @JsonProperty("retired_at") Instant retiredAt,
        @JsonProperty("sunset_at") Instant sunsetAt,
        @JsonProperty("replacement_model") String replacementModel) {

    /** No lifecycle stated: available, no replacement. */
    public static final ModelLifecycle NONE = new ModelLifecycle(null, null, null, null, null);

    /** Whether the model is retired at {@code now} (its retirement time has come). */
    public boolean retired(Instant now) {
        return retiredAt != null && !now.isBefore(retiredAt);
    }

    /** This lifecycle with every part {@code other} states replacing this one's. */
    public ModelLifecycle overlaidBy(ModelLifecycle other) {
        if (other == null) {
            return this;
        }
        return new ModelLifecycle(other.stage != null ? other.stage : stage,
                other.deprecatedAt != null ? other.deprecatedAt : deprecatedAt,
                other.retiredAt != null ? other.retiredAt : retiredAt,
                other.sunsetAt != null ? other.sunsetAt : sunsetAt,
                other.replacementModel != null ? other.replacementModel : replacementModel);
    }
}
