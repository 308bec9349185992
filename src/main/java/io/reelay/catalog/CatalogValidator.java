package io.reelay.catalog;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules a catalog must keep beyond its YAML shape, checked at load so that a typo in the data
 * file stops the service at startup instead of turning into wrongly refused (or accepted) requests.
 */
final class CatalogValidator {

    private CatalogValidator() {
    }

    static void check(List<ModelSpec> models) {
        Set<String> seen = new HashSet<>();
        for (ModelSpec model : models) {
            checkIdentity(model);
            String where = "model " + model.id() + " (" + model.provider() + ")";
            if (!seen.add(model.provider() + "\u0000" + model.id())) {
                throw new InvalidCatalogException(where + " is in the catalog twice");
            }
            if (model.operations().isEmpty()) {
                throw new InvalidCatalogException(where + " offers no operation");
            }
            checkParameters(where, model);
            if (model.pricing() != null) {
                checkPricing(where, model.pricing());
            }
            checkUpstreamFacts(where, model);
        }
    }

    // A price is money: never negative, no finer than a millionth of a dollar (what the cost fields carry), and
    // bounded so that an estimate cannot overflow them.
    private static void checkPricing(String where, Pricing pricing) {
        if (!pricing.isPriced()) {
            throw new InvalidCatalogException(where + ": pricing gives neither per_request_usd nor per_second_usd");
        }
        checkPrice(where, "per_request_usd", pricing.perRequestUsd());
        checkPrice(where, "per_second_usd", pricing.perSecondUsd());
        checkPrice(where, "audio_per_second_usd", pricing.audioPerSecondUsd());
        checkPrices(where, "per_request_usd_by_resolution", pricing.perRequestUsdByResolution());
        checkPrices(where, "per_second_usd_by_resolution", pricing.perSecondUsdByResolution());
        if (pricing.defaultSeconds() != null && pricing.defaultSeconds() < 1) {
            throw new InvalidCatalogException(where + ": default_seconds must be positive");
        }
    }

    private static void checkPrices(String where, String name, java.util.Map<String, BigDecimal> byResolution) {
        byResolution.forEach((resolution, price) -> {
            if (isBlank(resolution) || price == null) {
                throw new InvalidCatalogException(where + ": " + name + " needs a resolution and a price");
            }
            checkPrice(where, name + "." + resolution, price);
        });
    }

    private static void checkPrice(String where, String name, BigDecimal price) {
        if (price == null) {
            return;
        }
        if (price.signum() < 0) {
            throw new InvalidCatalogException(where + ": " + name + " " + price.toPlainString() + " is negative");
        }
        if (price.stripTrailingZeros().scale() > Pricing.MAX_SCALE) {
            throw new InvalidCatalogException(where + ": " + name + " " + price.toPlainString() + " has more than "
                    + Pricing.MAX_SCALE + " decimal places");
        }
        if (price.compareTo(Pricing.MAX_PRICE_USD) > 0) {
            throw new InvalidCatalogException(where + ": " + name + " " + price.toPlainString() + " is above "
                    + Pricing.MAX_PRICE_USD.toPlainString() + " USD");
        }
    }

    /** Limits must be usable numbers, and a replacement a real id other than the model's own. */
    private static void checkUpstreamFacts(String where, ModelSpec model) {
        ServiceLimits limits = model.serviceLimits();
        for (Integer limit : java.util.Arrays.asList(limits.onlineRpm(), limits.concurrency(),
                limits.promptMaxCharacters())) {
            if (limit != null && limit < 1) {
                throw new InvalidCatalogException(where + ": service limits must be positive, got " + limit);
            }
        }
        String replacement = model.lifecycle().replacementModel();
        if (replacement != null && (replacement.isBlank() || replacement.equals(model.id()))) {
            throw new InvalidCatalogException(where + ": replacement_model must name another model");
        }
        if (model.format().durations().stream().anyMatch(d -> d == null || d < 1)) {
            throw new InvalidCatalogException(where + ": durations must be positive seconds");
        }
    }

    private static void checkIdentity(ModelSpec model) {
        if (isBlank(model.id())) {
            throw new InvalidCatalogException("a model has no id");
        }
        if (isBlank(model.provider())) {
            throw new InvalidCatalogException("model " + model.id() + " has no provider");
        }
        if (isBlank(model.vendor())) {
            throw new InvalidCatalogException("model " + model.id() + " (" + model.provider() + ") has no vendor");
        }
    }

    private static void checkParameters(String where, ModelSpec model) {
        Set<String> names = new HashSet<>();
        for (ParameterSpec parameter : model.parameters()) {
            if (isBlank(parameter.name()) || !names.add(parameter.name())) {
                throw new InvalidCatalogException(where + ": parameter names must be given and unique, got "
                        + parameter.name());
            }
            if (parameter.type() == null) {
                throw new InvalidCatalogException(where + ": parameter " + parameter.name() + " has no type");
            }
            checkRules(where + ": parameter " + parameter.name(), parameter);
        }
        Set<String> extras = new HashSet<>();
        for (ParameterSpec parameter : model.passThrough()) {
            if (model.hasParameterTable()) {
                throw new InvalidCatalogException(where + ": pass_through is for models without a parameter table");
            }
            if (isBlank(parameter.name()) || !extras.add(parameter.name()) || parameter.type() == null) {
                throw new InvalidCatalogException(where + ": pass_through parameters need a unique name and a type, got "
                        + parameter.name());
            }
            checkRules(where + ": pass_through parameter " + parameter.name(), parameter);
        }
        for (List<String> group : model.oneOf()) {
            for (String name : group) {
                if (!names.contains(name)) {
                    throw new InvalidCatalogException(where + ": one_of names " + name + ", which is not a parameter");
                }
            }
        }
    }

    private static void checkRules(String where, ParameterSpec p) {
        for (JsonNode value : p.values()) {
            if (!hasType(value, p.type())) {
                throw new InvalidCatalogException(where + ": value " + value + " is not of type " + p.type().wireName());
            }
        }
        boolean numeric = p.type() == ParameterType.INTEGER || p.type() == ParameterType.NUMBER;
        if ((p.min() != null || p.max() != null) && !numeric) {
            throw new InvalidCatalogException(where + ": min and max apply to numbers only");
        }
        if (p.min() != null && p.max() != null && p.min().compareTo(p.max()) > 0) {
            throw new InvalidCatalogException(where + ": min " + p.min() + " is above max " + p.max());
        }
        if (p.maxLength() != null && (p.type() != ParameterType.STRING || p.maxLength() < 1)) {
            throw new InvalidCatalogException(where + ": max_length applies to strings only and must be positive");
        }
        if (p.maxItems() != null && (p.type() != ParameterType.ARRAY || p.maxItems() < 1)) {
            throw new InvalidCatalogException(where + ": max_items applies to arrays only and must be positive");
        }
        if (p.defaultValue() != null) {
            checkDefault(where, p);
        }
    }

    private static void checkDefault(String where, ParameterSpec p) {
        JsonNode value = p.defaultValue();
        if (!hasType(value, p.type())) {
            throw new InvalidCatalogException(where + ": default " + value + " is not of type " + p.type().wireName()
                    + yamlHint(value, p.type()));
        }
        if (!p.values().isEmpty() && !p.values().contains(value)) {
            throw new InvalidCatalogException(where + ": default " + value + " is not one of its values");
        }
        if (value.isNumber() && !withinBounds(value.decimalValue(), p.min(), p.max())) {
            throw new InvalidCatalogException(where + ": default " + value + " is out of its range");
        }
        if (value.isTextual() && p.maxLength() != null && value.asText().length() > p.maxLength()) {
            throw new InvalidCatalogException(where + ": default is longer than max_length");
        }
    }

    // The usual cause is YAML typing: 5 is an integer, "5" a string.
    private static String yamlHint(JsonNode value, ParameterType type) {
        if (value.isTextual()) {
            return " (unquote it in YAML)";
        }
        return type == ParameterType.STRING ? " (quote it in YAML)" : "";
    }

    static boolean hasType(JsonNode value, ParameterType type) {
        return switch (type) {
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case ARRAY -> value.isArray();
        };
    }

    private static boolean withinBounds(BigDecimal value, BigDecimal min, BigDecimal max) {
        return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
