package io.reelay.intake.validation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.reelay.catalog.CostEstimate;
import io.reelay.catalog.ModelSpec;
import io.reelay.intake.ValidationError;

/**
 * The outcome of validating a request.
 *
 * @param request the request as it will be sent: operation explicit, model defaults applied
 *     (the original request when there are errors)
 * @param model the catalog entry, when the model is known
 * @param errors every rule broken (capped, see {@link ValidationError#capped}); empty when the request may be
 *     submitted
 */
public record Validated(io.reelay.intake.VideoRequest request, ModelSpec model, List<ValidationError> errors) {

    public Validated {
        errors = ValidationError.capped(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /**
     * What this valid request is estimated to cost, from its model's prices and what it asks for (defaults applied):
     * the one estimate admission reserves and the API's dry run answers. Empty when the model has no price (or none
     * is known for its length), or the request is not valid.
     */
    public Optional<BigDecimal> estimatedCost() {
        if (!ok() || model == null) {
            return Optional.empty();
        }
        return CostEstimate.of(model, new CostEstimate.Order(request.duration(), request.resolution(),
                request.outputAudio(), request.parameters()));
    }

    /** One line naming every error, for the failure event's message. */
    public String summary() {
        StringBuilder sb = new StringBuilder("Invalid request: ");
        for (int i = 0; i < errors.size(); i++) {
            ValidationError e = errors.get(i);
            sb.append(i == 0 ? "" : "; ").append(e.field()).append(": ").append(e.message());
        }
        return sb.toString();
    }
}
