package io.reelay.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a request will cost upstream, in USD, from its model's {@link Pricing}: the price per request (at the
 * request's resolution), plus the per-second price (at that resolution) times the output's length, plus the audio price times the length
 * when the output has generated audio. Pure: the same request and pricing give the same amount.
 *
 * <p>The amount has {@value #SCALE} decimal places, rounded {@link RoundingMode#HALF_UP} (exact for prices of at
 * most {@value #SCALE} places, which the catalog enforces); it is what the {@code *_cost_usd} event fields carry
 * (Avro decimal, precision {@value #PRECISION}, scale {@value #SCALE}). Prices do not vary by operation here:
 * neither gateway's pricing says they do.
 */
public final class CostEstimate {

    /** Decimal places of every amount. */
    public static final int SCALE = 6;

    /** Digits an amount may have in all (the Avro fields' precision); a larger estimate is no estimate. */
    public static final int PRECISION = 18;

    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** "8", "8s" or " 8 s": the whole seconds of a duration written as text. */
    private static final Pattern SECONDS = Pattern.compile("\\s*(\\d{1,6})\\s*s?\\s*");

    /**
     * What a validated request asks for, as far as price goes; every part may be null.
     *
     * @param seconds the request's duration field
     * @param resolution the request's resolution field
     * @param audio the request's output_audio field
     * @param parameters the model's parameters as the request will send them, as JSON literals (a parameter table
     *     model's {@code duration}, {@code resolution} and {@code generate_audio}, defaults applied)
     */
    public record Order(Integer seconds, String resolution, Boolean audio, Map<String, String> parameters) {
        public Order {
            parameters = parameters == null ? Map.of() : parameters;
        }
    }

    private CostEstimate() {
    }

    /**
     * The estimate in USD, or empty when the model has no price, or is priced per second and no length is known
     * (neither the request, its parameters, the model's duration default nor the pricing's default names one).
     */
    public static Optional<BigDecimal> of(ModelSpec model, Order order) {
        Optional<Pricing> known = model.pricingIfKnown();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Pricing pricing = known.get();
        String resolution = resolution(model, order);
        BigDecimal total = pricing.perRequestAt(resolution).orElse(BigDecimal.ZERO);
        if (pricing.chargesPerSecond()) {
            Integer seconds = seconds(model, pricing, order);
            if (seconds == null) {
                return Optional.empty();
            }
            BigDecimal length = BigDecimal.valueOf(seconds);
            total = total.add(pricing.perSecondAt(resolution).orElse(BigDecimal.ZERO).multiply(length));
            if (pricing.audioPerSecondUsd() != null && audio(model, pricing, order)) {
                total = total.add(pricing.audioPerSecondUsd().multiply(length));
            }
        }
        BigDecimal amount = total.setScale(SCALE, ROUNDING);
        return amount.precision() > PRECISION ? Optional.empty() : Optional.of(amount);
    }

    /** The request's duration, else its duration parameter, else the model's default, else the pricing's. */
    static Integer seconds(ModelSpec model, Pricing pricing, Order order) {
        if (order.seconds() != null && order.seconds() > 0) {
            return order.seconds();
        }
        Integer given = seconds(parse(order.parameters().get("duration")));
        if (given != null) {
            return given;
        }
        Integer byDefault = model.parameter("duration").map(ParameterSpec::defaultValue).map(CostEstimate::seconds)
                .orElse(null);
        return byDefault != null ? byDefault : pricing.defaultSeconds();
    }

    private static String resolution(ModelSpec model, Order order) {
        if (order.resolution() != null) {
            return order.resolution();
        }
        JsonNode given = parse(order.parameters().get("resolution"));
        if (given != null && given.isTextual()) {
            return given.textValue();
        }
        return model.parameter("resolution").map(ParameterSpec::defaultValue).filter(JsonNode::isTextual)
                .map(JsonNode::textValue).orElse(null);
    }

    private static boolean audio(ModelSpec model, Pricing pricing, Order order) {
        if (order.audio() != null) {
            return order.audio();
        }
        JsonNode given = parse(order.parameters().get("generate_audio"));
        if (given != null && given.isBoolean()) {
            return given.booleanValue();
        }
        Optional<JsonNode> byDefault = model.parameter("generate_audio").map(ParameterSpec::defaultValue)
                .filter(JsonNode::isBoolean);
        return byDefault.map(JsonNode::booleanValue).orElse(Boolean.TRUE.equals(pricing.defaultAudio()));
    }

    /** Whole seconds from 8, "8" or "8s"; null for anything else. */
    private static Integer seconds(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.canConvertToInt() && value.isIntegralNumber()) {
            return value.intValue() > 0 ? value.intValue() : null;
        }
        if (value.isTextual()) {
            Matcher m = SECONDS.matcher(value.textValue());
            if (m.matches()) {
                int s = Integer.parseInt(m.group(1));
                return s > 0 ? s : null;
            }
        }
        return null;
    }

    // Parameters are JSON literals as validated; one that does not parse says nothing about the price.
    private static JsonNode parse(String literal) {
        if (literal == null) {
            return null;
        }
        try {
            return JSON.readTree(literal);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
