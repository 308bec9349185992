package io.reelay.api.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.reelay.catalog.Pricing;

/**
 * A model's price as {@code /v1/models} shows it: what a request's cost estimate is computed from, so a client sees
 * the cost before it spends. Every key is always present (null or {} when it does not apply).
 *
 * @param unit {@code per_request}, {@code per_second} (of output video) or {@code per_request_and_second} (both
 *     parts add up)
 * @param currency always {@code USD}
 * @param defaultSeconds the length an estimate assumes when a request names none and the model has no default
 * @param defaultAudio whether an estimate assumes generated audio when a request does not say
 * @param source {@code shipped} (the catalog file shipped with the service) or {@code discovery} (the gateway's
 *     pricing, read by catalog sync)
 * @param asOf when the prices were read: the file's date, or when discovery first reported these amounts
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"unit", "currency", "per_request_usd", "per_request_usd_by_resolution", "per_second_usd",
    "per_second_usd_by_resolution", "audio_per_second_usd", "default_seconds", "default_audio", "source", "as_of"})
public record PriceView(
        String unit,
        String currency,
        @JsonProperty("per_request_usd") BigDecimal perRequestUsd,
        @JsonProperty("per_request_usd_by_resolution") Map<String, BigDecimal> perRequestUsdByResolution,
        @JsonProperty("per_second_usd") BigDecimal perSecondUsd,
        @JsonProperty("per_second_usd_by_resolution") Map<String, BigDecimal> perSecondUsdByResolution,
        @JsonProperty("audio_per_second_usd") BigDecimal audioPerSecondUsd,
        @JsonProperty("default_seconds") Integer defaultSeconds,
        @JsonProperty("default_audio") boolean defaultAudio,
        Pricing.Source source,
        @JsonProperty("as_of") Instant asOf) {

    /** The view of a model's pricing; null when it has no price (its requests carry no estimate). */
    static PriceView of(Pricing p) {
        if (p == null || !p.isPriced()) {
            return null;
        }
        boolean fixed = p.perRequestUsd() != null || !p.perRequestUsdByResolution().isEmpty();
        String unit = !p.chargesPerSecond() ? "per_request" : fixed ? "per_request_and_second" : "per_second";
        return new PriceView(unit, "USD", p.perRequestUsd(), p.perRequestUsdByResolution(), p.perSecondUsd(),
                p.perSecondUsdByResolution(), p.audioPerSecondUsd(), p.defaultSeconds(),
                Boolean.TRUE.equals(p.defaultAudio()), p.source(), p.asOf());
    }
}
