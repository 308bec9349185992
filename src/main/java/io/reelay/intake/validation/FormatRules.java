package io.reelay.intake.validation;

import java.util.ArrayList;
import java.util.List;

import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.RequestFormat;
import io.reelay.intake.Echo;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/**
 * The output choices of a model without a parameter table (TokenLab's): a {@code duration}, {@code resolution} or
 * {@code aspect_ratio} outside the values its catalog entry lists (its {@code format}, from the file or from
 * discovery's {@code request_format_summary}) is refused before anything is paid, with those values in
 * {@code allowed}. A list the entry leaves empty allows any value (the upstream judges it); a field the request
 * leaves out is the upstream's default. Parameter-table models state these in their table instead.
 */
final class FormatRules {

    private FormatRules() {
    }

    static List<ValidationError> check(VideoRequest r, ModelSpec model) {
        List<ValidationError> errors = new ArrayList<>();
        if (model.hasParameterTable()) {
            return errors;
        }
        RequestFormat format = model.format();
        if (r.duration() != null && r.duration() > 0 && !format.durations().isEmpty()
                && !format.durations().contains(r.duration())) {
            errors.add(new ValidationError("duration", "invalid_value", model.id() + " makes clips of "
                    + join(format.durations()) + " seconds, not " + r.duration(),
                    format.durations().stream().map(String::valueOf).toList()));
        }
        check("resolution", r.resolution(), format.resolutions(), model, errors);
        check("aspect_ratio", r.aspectRatio(), format.aspectRatios(), model, errors);
        return errors;
    }

    private static void check(String field, String value, List<String> allowed, ModelSpec model,
            List<ValidationError> errors) {
        if (value != null && !allowed.isEmpty() && !allowed.contains(value)) {
            errors.add(new ValidationError(field, "invalid_value", Echo.quote(value) + " is not a " + field.replace('_',
                    ' ') + " of " + model.id() + " (" + join(allowed) + ")", allowed));
        }
    }

    private static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
