package io.reelay.intake.validation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.ModelSpec;
import io.reelay.config.ReelayConfig.Catalog.RetiredModels;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/**
 * The rules of a new request that come from the upstream's discovery: a retired model is refused with
 * {@code model_retired} naming its replacement (or, when the deployment opts in, replaced by it), and a prompt longer
 * than the model's {@code prompt_max_characters} is refused. A request admitted before a retirement is not judged
 * again by these rules (see {@link RequestValidator#revalidate}): it was validated, and may be paid for.
 */
final class CatalogRules {

    /** Metadata key naming the model a request asked for when Reelay sent it to the replacement instead. */
    static final String SUBSTITUTED_FOR = io.reelay.kafka.RequestOwners.SUBSTITUTED_FOR;

    /** The outcome for a model: the entry to judge by (the replacement when substituted), or an error. */
    record Resolved(ModelSpec model, VideoRequest request, ValidationError error) {
    }

    private CatalogRules() {
    }

    /**
     * The model the request goes to. A retired one is refused, or with {@code SUBSTITUTE} replaced by its
     * replacement when the catalog has it (same provider) and it is not retired itself.
     */
    static Resolved retirement(VideoRequest request, ModelSpec model, ModelCatalog catalog, Instant now,
            RetiredModels policy) {
        VideoRequest unmarked = withoutSubstitution(request);
        ModelLifecycle lifecycle = model.lifecycle();
        if (!lifecycle.retired(now)) {
            return new Resolved(model, unmarked, null);
        }
        String replacement = lifecycle.replacementModel();
        ModelSpec next = replacement == null ? null : catalog.find(model.provider(), replacement)
                .filter(m -> !m.lifecycle().retired(now)).orElse(null);
        if (policy == RetiredModels.SUBSTITUTE && next != null) {
            Map<String, String> metadata = new HashMap<>(unmarked.metadata());
            metadata.put(SUBSTITUTED_FOR, model.id());
            return new Resolved(next, unmarked.withModel(next.id(), metadata), null);
        }
        String instead = replacement == null ? "; the upstream names no replacement" : "; use " + replacement;
        return new Resolved(model, unmarked, new ValidationError("model", "model_retired", model.id() + " ("
                + model.provider() + ") was retired upstream on " + lifecycle.retiredAt() + instead,
                replacement == null ? List.of() : List.of(replacement)));
    }

    /** The model's own prompt limit, when discovery states one. */
    static List<ValidationError> promptLength(VideoRequest request, ModelSpec model) {
        Integer max = model.serviceLimits().promptMaxCharacters();
        if (max == null || request.prompt() == null || request.prompt().length() <= max) {
            return List.of();
        }
        return List.of(ValidationError.of("prompt", "too_long", model.id() + " takes prompts of at most " + max
                + " characters, got " + request.prompt().length()));
    }

    /** Only Reelay says a request was substituted: a producer's own entry of that key is dropped. */
    private static VideoRequest withoutSubstitution(VideoRequest request) {
        if (!request.metadata().containsKey(SUBSTITUTED_FOR)) {
            return request;
        }
        Map<String, String> metadata = new HashMap<>(request.metadata());
        metadata.remove(SUBSTITUTED_FOR);
        return request.toBuilder().metadata(metadata).build();
    }
}
