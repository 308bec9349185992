package io.reelay.intake.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.ParameterSpec;
import io.reelay.intake.Echo;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.ValidationError;

/**
 * Pass-through parameters of models without a parameter table (TokenLab's): only those the catalog lists for the
 * model ({@code pass_through}), each checked against its rule and the URL policy; a named request field given as a
 * parameter is a conflict; anything else is {@code unknown_parameter}.
 */
final class PassThroughRules {

    private PassThroughRules() {
    }

    static List<ValidationError> check(VideoRequest r, ModelSpec model, Set<String> namedFields, UrlPolicy urls) {
        List<ValidationError> errors = new ArrayList<>();
        List<String> allowed = ParameterTableRules.names(model.passThrough());
        r.parameters().forEach((name, literal) -> {
            String field = ParameterTableRules.field(name);
            if (namedFields.contains(name)) {
                errors.add(ValidationError.of(field, "conflict", name + " is a request field; set it there, not in "
                        + "parameters"));
                return;
            }
            ParameterSpec spec = model.passThrough().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElse(null);
            if (spec == null) {
                errors.add(new ValidationError(field, "unknown_parameter", model.id() + " takes no parameter "
                        + Echo.quote(name) + (allowed.isEmpty() ? " (it takes none)" : ""), allowed));
                return;
            }
            JsonNode value = ParameterTableRules.parse(literal);
            ParameterTableRules.checkValue(spec, value, urls).ifPresent(errors::add);
        });
        return errors;
    }
}
