package io.reelay.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one request for a model costs upstream, in USD: a price per request, a price per second of output, or
 * both (a fixed part plus a part per second). Gateways price either way (TokenLab's {@code /v1/pricing} says per
 * request or per second); money is {@link BigDecimal}, never a floating point number.
 *
 * @param perRequestUsd fixed price of one request, whatever its length (null: none)
 * @param perRequestUsdByResolution per-request prices of named resolutions, replacing {@code perRequestUsd} for a
 *     request at that resolution
 * @param perSecondUsd price per second of output video at any resolution not listed below (null: none)
 * @param perSecondUsdByResolution per-second prices of named resolutions (e.g. {@code 1080p}), replacing
 *     {@code perSecondUsd} for a request at that resolution
 * @param audioPerSecondUsd extra price per second when the output carries generated audio (null: audio is free)
 * @param defaultSeconds output length the upstream produces when a request names none and the model's parameter
 *     table gives no default (per-second prices need a length; null: none known)
 * @param defaultAudio whether the upstream generates audio when a request does not say and the model's parameter
 *     table gives no default (Veo on TokenLab does; null: it does not)
 * @param source where the prices come from: the shipped catalog file (the default) or the gateway's discovery
 * @param asOf when the prices were read: the file's date, or when discovery first reported these amounts (a
 *     round that finds the same amounts keeps the date, so an unchanged price is not published again)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Pricing(
        @JsonProperty("per_request_usd") BigDecimal perRequestUsd,
        @JsonProperty("per_request_usd_by_resolution") Map<String, BigDecimal> perRequestUsdByResolution,
        @JsonProperty("per_second_usd") BigDecimal perSecondUsd,
        @JsonProperty("per_second_usd_by_resolution") Map<String, BigDecimal> perSecondUsdByResolution,
        @JsonProperty("audio_per_second_usd") BigDecimal audioPerSecondUsd,
        @JsonProperty("default_seconds") Integer defaultSeconds,
        @JsonProperty("default_audio") Boolean defaultAudio,
        Source source,
        @JsonProperty("as_of") Instant asOf) {

    /** Prices with more decimal places than this are refused by the catalog (list prices are in cents or less). */
    public static final int MAX_SCALE = 6;

    /** No single price may exceed this, so an estimate stays far inside the cost fields' precision. */
    public static final BigDecimal MAX_PRICE_USD = new BigDecimal("1000");

    public Pricing {
        perRequestUsdByResolution = perRequestUsdByResolution == null ? Map.of()
                : Map.copyOf(perRequestUsdByResolution);
        perSecondUsdByResolution = perSecondUsdByResolution == null ? Map.of() : Map.copyOf(perSecondUsdByResolution);
        source = source == null ? Source.SHIPPED : source;
    }

    /** A flat price per request. */
    public static Pricing perRequest(BigDecimal usd, Source source, Instant asOf) {
        return new Pricing(usd, Map.of(), null, Map.of(), null, null, null, source, asOf);
    }

    /** A price per second of output, with the length the upstream makes when none is asked for. */
    public static Pricing perSecond(BigDecimal usd, Integer defaultSeconds, Source source, Instant asOf) {
        return new Pricing(null, Map.of(), usd, Map.of(), null, defaultSeconds, null, source, asOf);
    }

    /** True when at least one price is given (an entry without one prices nothing). */
    public boolean isPriced() {
        return perRequestUsd != null || !perRequestUsdByResolution.isEmpty() || perSecondUsd != null
                || !perSecondUsdByResolution.isEmpty();
    }

    /** True when the price depends on the output's length. */
    public boolean chargesPerSecond() {
        return perSecondUsd != null || !perSecondUsdByResolution.isEmpty() || audioPerSecondUsd != null;
    }

    /** The per-request price at this resolution (null resolution: the general one). */
    public Optional<BigDecimal> perRequestAt(String resolution) {
        return at(perRequestUsdByResolution, perRequestUsd, resolution);
    }

    /** The per-second price at this resolution (null resolution: the general one). */
    public Optional<BigDecimal> perSecondAt(String resolution) {
        return at(perSecondUsdByResolution, perSecondUsd, resolution);
    }

    private static Optional<BigDecimal> at(Map<String, BigDecimal> byResolution, BigDecimal general,
            String resolution) {
        BigDecimal specific = resolution == null ? null : byResolution.get(resolution);
        return Optional.ofNullable(specific != null ? specific : general);
    }

    /** This pricing dated {@code at}, unless it already carries a date. */
    public Pricing datedIfUndated(Instant at) {
        return asOf != null ? this : new Pricing(perRequestUsd, perRequestUsdByResolution, perSecondUsd,
                perSecondUsdByResolution, audioPerSecondUsd, defaultSeconds, defaultAudio, source, at);
    }

    /** The same prices dated {@code at} (null: undated). */
    public Pricing withAsOf(Instant at) {
        return new Pricing(perRequestUsd, perRequestUsdByResolution, perSecondUsd, perSecondUsdByResolution,
                audioPerSecondUsd, defaultSeconds, defaultAudio, source, at);
    }

    /** Where a model's prices come from. */
    public enum Source {
        /** The catalog file shipped with the service: the offline default. */
        SHIPPED("shipped"),
        /** The gateway's pricing discovery ({@code GET /v1/pricing}), read by catalog sync. */
        DISCOVERY("discovery");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        static Source parse(String name) {
            for (Source s : values()) {
                if (s.wireName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown price source " + name + " (shipped or discovery)");
        }
    }
}
