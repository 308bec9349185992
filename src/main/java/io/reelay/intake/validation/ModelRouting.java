package io.reelay.intake.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.intake.Echo;
import io.reelay.intake.ValidationError;
import io.reelay.intake.VideoRequest;

/**
 * Which catalog entry (so which gateway) a request is for. Most ids have one entry. For an id several gateways serve
 * (seedance-2.0 is TokenLab's reference-to-video model and the hub's text-to-video one), in this order:
 * <ol>
 * <li>an explicit {@code provider} decides (one that does not serve the id is refused, {@code invalid_value});
 * <li>the hub's own {@code input} shape, or a parameter only a parameter table has ({@code end_user_id}), chooses
 * the entries with a parameter table;
 * <li>reference media, an explicit operation, or the operation the inputs point to, keeps the entries that offer it
 * (a parameter-table model's operation is its own);
 * <li>of what is left, the configured route ({@code reelay.routing.models}) decides;
 * <li>a request still left with several is refused, {@code ambiguous_model}, the choices in {@code allowed}.
 * </ol>
 * A request no entry fits goes to the route's entry (else the first), whose rules then say what is wrong.
 */
final class ModelRouting {

    private final ModelCatalog catalog;
    private final Map<String, String> routes;

    ModelRouting(ModelCatalog catalog, Map<String, String> routes) {
        this.catalog = catalog;
        this.routes = Map.copyOf(routes);
    }

    /** The entry the request is for, or empty with the reason in {@code errors}. */
    Optional<ModelSpec> route(VideoRequest r, List<ValidationError> errors) {
        List<ModelSpec> entries = catalog.variants(r.model());
        if (entries.isEmpty()) {
            errors.add(ValidationError.of("model", "unknown_model",
                    "model " + Echo.quote(r.model()) + " is not in the catalog (see GET /v1/models)"));
            return Optional.empty();
        }
        if (r.provider() != null) {
            Optional<ModelSpec> named = entries.stream().filter(m -> m.provider().equals(r.provider())).findFirst();
            if (named.isEmpty()) {
                errors.add(new ValidationError("provider", "invalid_value", r.model() + " is not served by provider "
                        + Echo.quote(r.provider()), providers(entries)));
            }
            return named;
        }
        if (entries.size() == 1) {
            return Optional.of(entries.get(0));
        }
        List<ModelSpec> left = narrow(entries, r);
        if (left.size() == 1) {
            return Optional.of(left.get(0));
        }
        String routed = routes.get(r.model());
        List<ModelSpec> choices = left.isEmpty() ? entries : left;
        Optional<ModelSpec> route = choices.stream().filter(m -> m.provider().equals(routed)).findFirst();
        if (route.isPresent() || left.isEmpty()) {
            return Optional.of(route.orElse(entries.get(0)));
        }
        errors.add(new ValidationError("provider", "ambiguous_model", r.model() + " is served by "
                + String.join(" and ", providers(left)) + " and the request fits each; say which in provider",
                providers(left)));
        return Optional.empty();
    }

    private static List<ModelSpec> narrow(List<ModelSpec> entries, VideoRequest r) {
        if (r.inputShaped() || r.parameters().keySet().stream().anyMatch(name -> tableOnly(entries, name))) {
            return entries.stream().filter(ModelSpec::hasParameterTable).toList();
        }
        Predicate<ModelSpec> fits;
        Optional<Operation> explicit = Operation.fromWire(r.operation());
        if (explicit.isPresent()) {
            fits = m -> m.offers(explicit.get());
        } else if (Input.referenceMedia(r)) {
            fits = m -> !m.hasParameterTable() && m.offers(Operation.REFERENCE_TO_VIDEO);
        } else {
            fits = m -> m.hasParameterTable() || OperationRules.infer(r, m) != null;
        }
        return entries.stream().filter(fits).toList();
    }

    /** A parameter some entry's table has and no other entry may be given. */
    private static boolean tableOnly(List<ModelSpec> entries, String name) {
        return entries.stream().anyMatch(m -> m.parameter(name).isPresent())
                && entries.stream().filter(m -> !m.hasParameterTable())
                        .noneMatch(m -> m.passThrough().stream().anyMatch(p -> p.name().equals(name)));
    }

    private static List<String> providers(List<ModelSpec> entries) {
        return entries.stream().map(ModelSpec::provider).toList();
    }
}
