package io.reelay.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The upstream's own limits for one model (TokenLab's {@code service_limits}), each optional (null: none stated).
 * Reelay keeps to them so that the upstream never has to refuse: the prompt length at validation, the rate and the
 * concurrency before each paid submit.
 *
 * @param onlineRpm submits a minute the upstream accepts for this model (per key, all instances together)
 * @param concurrency tasks of this model the upstream runs at once (per key)
 * @param promptMaxCharacters longest prompt it takes, in characters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceLimits(
        @JsonProperty("online_rpm") Integer onlineRpm,
        Integer concurrency,
        @JsonProperty("prompt_max_characters") Integer promptMaxCharacters) {

    public static final ServiceLimits NONE = new ServiceLimits(null, null, null);

    /** This one with every limit {@code other} states replacing this one's. */
    public ServiceLimits overlaidBy(ServiceLimits other) {
        if (other == null) {
            return this;
        }
        return new ServiceLimits(other.onlineRpm != null ? other.onlineRpm : onlineRpm,
                other.concurrency != null ? other.concurrency : concurrency,
                other.promptMaxCharacters != null ? other.promptMaxCharacters : promptMaxCharacters);
    }

    /** Whether no limit is stated. */
    public boolean none() {
        return onlineRpm == null && concurrency == null && promptMaxCharacters == null;
    }
}
