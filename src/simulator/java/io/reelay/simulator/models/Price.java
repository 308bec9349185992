package io.reelay.simulator.models;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a model costs on a simulated gateway (the figures are invented).
 *
 * @param unit per second of output, or per request
 * @param usd the base price: the one that applies to every resolution without its own
 * @param byResolution prices for resolutions that cost differently from {@code usd}
 */
public record Price(Unit unit, BigDecimal usd, Map<String, BigDecimal> byResolution) {

    /** How a gateway counts a charge. */
    public enum Unit {
        PER_SECOND, PER_REQUEST;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Price {
        Objects.requireNonNull(unit, "price.unit");
        Objects.requireNonNull(usd, "price.usd");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("price.usd must not be negative, was " + usd);
        }
        // Sorted, so answers list them in the same order every time.
        byResolution = byResolution == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(byResolution));
    }

    /** The price of one second (or one request) at {@code resolution}; the base price when it has none of its own. */
    public BigDecimal at(String resolution) {
        return resolution == null ? usd : byResolution.getOrDefault(resolution, usd);
    }

    /** More than one figure: the price depends on the resolution. */
    public boolean complex() {
        return !byResolution.isEmpty();
    }

    /** A per-request price is known in full at submit, so the reservation is the charge. */
    public boolean lockedPerRequest() {
        return unit == Unit.PER_REQUEST;
    }

    public Price withUsd(BigDecimal newUsd) {
        return new Price(unit, newUsd, byResolution);
    }
}
