package io.reelay.intake.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.ParameterSpec;
import io.reelay.catalog.ParameterType;
import io.reelay.intake.BoundedJson;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.ValidationError;

/**
 * For models with a parameter table (the hub's): folds the request's named fields into the
 * table's parameters, checks every parameter against its rule, and applies the defaults. The
 * result is the complete input the upstream will get.
 */
final class ParameterTableRules {

    private static final ObjectMapper JSON = BoundedJson.mapper(IntakeLimits.DEFAULTS, 1 << 20);

    /** The validated input (JSON literal per parameter), or the errors. */
    record Result(Map<String, String> input, List<ValidationError> errors) {
    }

    private ParameterTableRules() {
    }

    static Result check(VideoRequest r, ModelSpec model, UrlPolicy urls) {
        List<ValidationError> errors = new ArrayList<>();
        Map<String, JsonNode> given = new LinkedHashMap<>();
        r.parameters().forEach((name, literal) -> given.put(name, parse(literal)));
        fold(r, model, given, errors);

        Map<String, JsonNode> input = new LinkedHashMap<>();
        given.forEach((name, value) -> model.parameter(name).ifPresentOrElse(
                spec -> checkValue(spec, value, urls).ifPresentOrElse(errors::add, () -> input.put(name, value)),
                () -> errors.add(new ValidationError("parameters." + name, "unknown_parameter",
                        model.id() + " has no parameter " + Echo.quote(name), names(model)))));
        given.forEach((name, value) -> {
            if (empty(value) && (model.parameter(name).map(ParameterSpec::required).orElse(false)
                    || inOneOf(model, name))) {
                errors.add(ValidationError.of(field(name), "required", name + " is given empty"));
            }
        });
        for (List<String> group : model.oneOf()) {
            long count = group.stream().filter(given::containsKey).count();
            if (count != 1) {
                errors.add(new ValidationError("parameters." + group.get(0), count == 0 ? "required" : "conflict",
                        "give exactly one of " + String.join(", ", group), group));
            }
        }
        for (ParameterSpec spec : model.parameters()) {
            if (input.containsKey(spec.name()) || given.containsKey(spec.name())) {
                continue;
            }
            if (spec.required()) {
                errors.add(ValidationError.of(field(spec.name()), "required", model.id() + " needs " + spec.name()));
            } else if (spec.defaultValue() != null && !spec.defaultValue().isNull() && !inOneOf(model, spec.name())
                    && !(spec.name().equals("duration") && multiShot(model, given))) {
                input.put(spec.name(), spec.defaultValue());
            }
        }
        Map<String, String> literals = new LinkedHashMap<>();
        input.forEach((name, value) -> literals.put(name, value.toString()));
        return new Result(literals, errors);
    }

    /** The request's named fields become the parameters of the same meaning; giving both is a conflict. */
    private static void fold(VideoRequest r, ModelSpec model, Map<String, JsonNode> given, List<ValidationError> errors) {
        foldOne("prompt", r.prompt() == null ? null : TextNode.valueOf(r.prompt()), model, given, errors);
        foldOne("duration", r.duration() == null ? null : durationFor(model, r.duration()), model, given, errors);
        foldOne("resolution", text(r.resolution()), model, given, errors);
        foldOne("aspect_ratio", text(r.aspectRatio()), model, given, errors);
        foldOne("audio_url", text(r.audioUrl()), model, given, errors);
        foldOne("image_url", text(r.imageUrl()), model, given, errors);
        foldOne("video_url", text(r.videoUrl()), model, given, errors);
        if (r.outputAudio() != null) {
            foldOne("generate_audio", BooleanNode.valueOf(r.outputAudio()), model, given, errors, "output_audio");
        }
    }

    private static void foldOne(String name, JsonNode value, ModelSpec model, Map<String, JsonNode> given,
            List<ValidationError> errors) {
        foldOne(name, value, model, given, errors, name);
    }

    private static void foldOne(String name, JsonNode value, ModelSpec model, Map<String, JsonNode> given,
            List<ValidationError> errors, String field) {
        if (value == null) {
            return;
        }
        if (model.parameter(name).isEmpty()) {
            errors.add(new ValidationError(field, "not_allowed", model.id() + " does not take " + field, names(model)));
        } else if (given.containsKey(name)) {
            // The same value twice is no conflict: a completed request (an intent, re-validated before its paid
            // call) carries its named fields and the input they were folded into.
            if (!given.get(name).equals(value)) {
                errors.add(ValidationError.of(field, "conflict", "given both as " + field + " and as parameters."
                        + name));
            }
        } else {
            given.put(name, value);
        }
    }

    /** Whole seconds in the model's own duration format: 8 becomes "8s", "8" or 8 as its table says. */
    private static JsonNode durationFor(ModelSpec model, int seconds) {
        return model.parameter("duration").map(spec -> {
            if (spec.type() != ParameterType.STRING) {
                return (JsonNode) IntNode.valueOf(seconds);
            }
            TextNode suffixed = TextNode.valueOf(seconds + "s");
            return spec.values().contains(suffixed) ? suffixed : TextNode.valueOf(Integer.toString(seconds));
        }).orElse(IntNode.valueOf(seconds));
    }

    /** A parameter's value against its rule: type, values, range, length, items; and every URL in it. */
    static java.util.Optional<ValidationError> checkValue(ParameterSpec spec, JsonNode value, UrlPolicy urls) {
        String field = field(spec.name());
        if (!hasType(value, spec.type())) {
            return java.util.Optional.of(ValidationError.of(field, "invalid_type",
                    "must be " + article(spec.type()) + ", got " + Echo.quote(value.toString())));
        }
        if (!spec.values().isEmpty() && !spec.values().contains(value)) {
            return java.util.Optional.of(new ValidationError(field, "invalid_value",
                    Echo.quote(value.toString()) + " is not allowed",
                    spec.values().stream().map(v -> v.isTextual() ? v.textValue() : v.toString()).toList()));
        }
        if (value.isNumber() && (below(value, spec.min()) || above(value, spec.max()))) {
            return java.util.Optional.of(ValidationError.of(field, "out_of_range", "must be between "
                    + (spec.min() == null ? "-inf" : spec.min().toPlainString()) + " and "
                    + (spec.max() == null ? "inf" : spec.max().toPlainString()) + ", got "
                    + Echo.quote(value.toString())));
        }
        if (value.isTextual() && spec.maxLength() != null && value.textValue().length() > spec.maxLength()) {
            return java.util.Optional.of(ValidationError.of(field, "too_long", "at most " + spec.maxLength()
                    + " characters, got " + value.textValue().length()));
        }
        if (value.isArray() && spec.maxItems() != null && value.size() > spec.maxItems()) {
            return java.util.Optional.of(ValidationError.of(field, "too_many", "at most " + spec.maxItems()
                    + " items, got " + value.size()));
        }
        return ParameterUrls.check(spec.name(), value, urls);
    }

    private static boolean hasType(JsonNode v, ParameterType type) {
        return switch (type) {
            case STRING -> v.isTextual();
            case INTEGER -> v.isIntegralNumber();
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case ARRAY -> v.isArray();
        };
    }

    private static boolean below(JsonNode v, BigDecimal min) {
        return min != null && v.decimalValue().compareTo(min) < 0;
    }

    private static boolean above(JsonNode v, BigDecimal max) {
        return max != null && v.decimalValue().compareTo(max) > 0;
    }

    /** A blank string or an empty list: not a value a required parameter (a prompt, a multi_prompt) can have. */
    private static boolean empty(JsonNode value) {
        return value.isTextual() && value.textValue().isBlank() || value.isArray() && value.isEmpty();
    }

    /**
     * A multi-shot request (a list given for a one_of group, Kling's multi_prompt) gives each shot its duration: the
     * table's single duration default is not added beside it.
     */
    private static boolean multiShot(ModelSpec model, Map<String, JsonNode> given) {
        return model.oneOf().stream().flatMap(List::stream)
                .anyMatch(name -> given.containsKey(name) && given.get(name).isArray());
    }

    private static boolean inOneOf(ModelSpec model, String name) {
        return model.oneOf().stream().anyMatch(g -> g.contains(name));
    }

    private static String article(ParameterType type) {
        return (type == ParameterType.INTEGER || type == ParameterType.ARRAY ? "an " : "a ") + type.wireName();
    }

    private static List<String> names(ModelSpec model) {
        return names(model.parameters());
    }

    static List<String> names(List<ParameterSpec> parameters) {
        return parameters.stream().map(ParameterSpec::name).toList();
    }

    static String field(String name) {
        return "parameters." + name;
    }

    private static JsonNode text(String value) {
        return value == null ? null : TextNode.valueOf(value);
    }

    /** A JSON literal; anything that does not parse is taken as a plain string. */
    static JsonNode parse(String literal) {
        try {
            JsonNode node = JSON.readTree(literal);
            return node == null || node.isMissingNode() ? TextNode.valueOf(literal) : node;
        } catch (Exception e) {
            return TextNode.valueOf(literal);
        }
    }
}
