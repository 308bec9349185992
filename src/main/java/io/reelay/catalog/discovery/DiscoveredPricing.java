package io.reelay.catalog.discovery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.Pricing;

/**
 * Reads a gateway's prices into {@link Pricing} (source {@code discovery}, dated when read): TokenLab's
 * {@code GET /v1/pricing} list and {@code GET /v1/models/{model}/pricing}, the {@code pricing_summary} of a model's
 * discovery entry, and a hub entry's {@code pricing} (the simulator's, in TokenLab's names; the hub documents none).
 *
 * <p>A price object names its unit ({@code billing_unit}: {@code per_second} or {@code per_request}), its base price
 * ({@code price_per_second_usd} or {@code price_per_request_usd}, or {@code price_usd} with the unit) and, when
 * {@code has_complex_pricing}, the prices of resolutions that cost differently ({@code resolution_prices}: a list
 * of {@code {resolution, price_...}} or an object keyed by resolution). Every field is optional and extra ones are
 * ignored; a price that is not USD, negative, above {@link Pricing#MAX_PRICE_USD}, finer than
 * {@link Pricing#MAX_SCALE} decimal places or not a number makes the whole object unreadable (a partial price would
 * misprice some requests), and so does complex pricing without its resolution table: the shipped price stays.
 * Never throws.
 */
public final class DiscoveredPricing {

    private static final int MAX_RESOLUTIONS = DiscoveryJson.MAX_ITEMS;

    private DiscoveredPricing() {
    }

    /** {@code GET /v1/pricing}: every readable entry by model id (the first entry of an id counts). */
    public static Map<String, Pricing> list(JsonNode answer, Instant at) {
        Map<String, Pricing> out = new LinkedHashMap<>();
        JsonNode entries = DiscoveryJson.entries(answer);
        if (entries == null) {
            return out;
        }
        for (int i = 0; i < entries.size() && i < DiscoveryJson.MAX_MODELS; i++) {
            JsonNode entry = entries.get(i);
            String id = idOf(entry);
            if (id != null && !out.containsKey(id)) {
                Pricing p = of(entry, at);
                if (p != null) {
                    out.put(id, p);
                }
            }
        }
        return out;
    }

    /**
     * The prices a model's discovery entry carries: {@code pricing_summary} (at the top or under {@code tokenlab}),
     * else {@code pricing}; null when none is readable.
     */
    public static Pricing inEntry(JsonNode entry, Instant at) {
        JsonNode summary = DiscoveryJson.objectIn(entry, DiscoveryJson.object(entry, "tokenlab"), "pricing_summary");
        Pricing p = of(summary, at);
        return p != null ? p : of(DiscoveryJson.object(entry, "pricing"), at);
    }

    /** The prices every entry of a discovery list carries ({@link #inEntry}), by model id. */
    public static Map<String, Pricing> inEntries(JsonNode answer, Instant at) {
        Map<String, Pricing> out = new LinkedHashMap<>();
        JsonNode entries = DiscoveryJson.entries(answer);
        if (entries == null) {
            return out;
        }
        for (int i = 0; i < entries.size() && i < DiscoveryJson.MAX_MODELS; i++) {
            String id = idOf(entries.get(i));
            Pricing p = id == null || out.containsKey(id) ? null : inEntry(entries.get(i), at);
            if (p != null) {
                out.put(id, p);
            }
        }
        return out;
    }

    /** {@code GET /v1/models/{model}/pricing} for {@code id}: null when it is unreadable or names another model. */
    public static Pricing forModel(JsonNode answer, String id, Instant at) {
        String named = idOf(answer);
        return named != null && !named.equals(id) ? null : of(answer, at);
    }

    /** One price object ({@code GET /v1/models/{model}/pricing}, an entry of the list, a summary), or null. */
    public static Pricing of(JsonNode p, Instant at) {
        if (p == null || !p.isObject()) {
            return null;
        }
        String currency = DiscoveryJson.text(p, "currency", DiscoveryJson.MAX_SHORT);
        if (currency != null && !"USD".equalsIgnoreCase(currency)) {
            return null;
        }
        Unit unit = unit(DiscoveryJson.text(p, "billing_unit", DiscoveryJson.MAX_SHORT));
        Price perSecond = price(p.get("price_per_second_usd"));
        Price perRequest = price(p.get("price_per_request_usd"));
        Price generic = price(p.get("price_usd"));
        if (perSecond.bad() || perRequest.bad() || generic.bad() || unit == Unit.UNREADABLE) {
            return null;
        }
        BigDecimal base;
        if (unit == Unit.PER_SECOND) {
            base = first(perSecond.usd(), generic.usd());
        } else if (unit == Unit.PER_REQUEST) {
            base = first(perRequest.usd(), generic.usd());
        } else if ((perSecond.usd() == null) == (perRequest.usd() == null)) {
            return null; // neither, or both without saying which one a request pays: not a price to trust
        } else {
            unit = perSecond.usd() != null ? Unit.PER_SECOND : Unit.PER_REQUEST;
            base = first(perSecond.usd(), perRequest.usd());
        }
        if (base == null) {
            return null;
        }
        Map<String, BigDecimal> byResolution = resolutions(p.get("resolution_prices"), unit);
        if (byResolution == null || flag(p, "has_complex_pricing") && byResolution.isEmpty()) {
            return null;
        }
        return unit == Unit.PER_SECOND
                ? new Pricing(null, Map.of(), base, byResolution, null, null, null, Pricing.Source.DISCOVERY, at)
                : new Pricing(base, byResolution, null, Map.of(), null, null, null, Pricing.Source.DISCOVERY, at);
    }

    private enum Unit { PER_SECOND, PER_REQUEST, UNSTATED, UNREADABLE }

    private static Unit unit(String name) {
        if (name == null) {
            return Unit.UNSTATED;
        }
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "per_second", "second", "seconds" -> Unit.PER_SECOND;
            case "per_request", "request", "per_video", "video" -> Unit.PER_REQUEST;
            default -> Unit.UNREADABLE;
        };
    }

    /** Resolution prices in the unit's field (or {@code price_usd}), null when any of them is unreadable. */
    private static Map<String, BigDecimal> resolutions(JsonNode table, Unit unit) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        if (table == null || table.isNull()) {
            return out;
        }
        String field = unit == Unit.PER_SECOND ? "price_per_second_usd" : "price_per_request_usd";
        if (table.isArray()) {
            for (int i = 0; i < table.size(); i++) {
                JsonNode row = table.get(i);
                String resolution = DiscoveryJson.text(row, "resolution", DiscoveryJson.MAX_SHORT);
                Price price = price(row == null ? null : row.has(field) ? row.get(field) : row.get("price_usd"));
                if (!put(out, resolution, price)) {
                    return null;
                }
            }
        } else if (table.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = table.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                Price price = price(v != null && v.isObject() ? v.has(field) ? v.get(field) : v.get("price_usd") : v);
                if (!put(out, DiscoveryJson.clean(f.getKey(), DiscoveryJson.MAX_SHORT), price)) {
                    return null;
                }
            }
        } else {
            return null;
        }
        return out;
    }

    private static boolean put(Map<String, BigDecimal> out, String resolution, Price price) {
        if (resolution == null || price.usd() == null || price.bad() || out.size() >= MAX_RESOLUTIONS
                || out.containsKey(resolution)) {
            return false;
        }
        out.put(resolution, price.usd());
        return true;
    }

    /** A price read: absent (both null), readable, or present but no price ({@code bad}). */
    private record Price(BigDecimal usd, boolean bad) {
        static final Price ABSENT = new Price(null, false);
        static final Price BAD = new Price(null, true);
    }

    /** A JSON number or a string holding one, 0 to the maximum, at most the catalog's decimal places. */
    private static Price price(JsonNode v) {
        if (v == null || v.isNull()) {
            return Price.ABSENT;
        }
        BigDecimal d = null;
        if (v.isNumber()) {
            d = DiscoveryJson.number(v);
        } else if (v.isTextual() && v.asText().strip().length() <= 32) {
            try {
                d = new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                return Price.BAD;
            }
        }
        if (d == null || d.signum() < 0 || d.compareTo(Pricing.MAX_PRICE_USD) > 0) {
            return Price.BAD;
        }
        d = d.stripTrailingZeros();
        if (d.scale() > Pricing.MAX_SCALE) {
            return Price.BAD;
        }
        // One spelling per amount (0.40 and 0.4 alike, never 4E+1), so an unchanged price reads as unchanged.
        return new Price(d.scale() < 0 ? d.setScale(0) : d, false);
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && (v.isBoolean() ? v.booleanValue() : v.isTextual() && "true".equalsIgnoreCase(v.asText()));
    }

    private static String idOf(JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return null;
        }
        String id = DiscoveryJson.id(entry, "model");
        return id != null ? id : DiscoveryJson.id(entry, "id");
    }

    private static BigDecimal first(BigDecimal a, BigDecimal b) {
        return a != null ? a : b;
    }
}
