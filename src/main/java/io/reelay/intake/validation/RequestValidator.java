package io.reelay.intake.validation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.stream.Stream;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Catalog.RetiredModels;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.ValidationError;
import io.reelay.intake.tenancy.Priority;

/**
 * Checks a request against the model catalog and Reelay's input rules before any paid call, and
 * completes it (explicit operation, model defaults). Reports every broken rule at once, field by
 * field, like the upstream's own validation errors.
 */
public final class RequestValidator {

    /** Upstream task records and URLs live for hours: a day is the longest wait worth having. */
    private static final int MAX_WAIT_SECONDS = 24 * 3600;
    private static final Set<String> NAMED_FIELDS = Set.of("model", "operation", "prompt", "image_url", "image",
            "reference_images", "reference_videos", "reference_audios", "reference_image_type", "start_image",
            "end_image", "video_url", "audio_url", "duration", "aspect_ratio", "resolution", "output_audio",
            "kling_elements", "request_id", "max_wait_seconds", "provider", "callback_url", "tenant", "priority");
    private static final List<String> REFERENCE_IMAGE_TYPES = List.of("asset", "style");

    private final Supplier<ModelCatalog> catalog;
    private final Map<String, String> routes;
    private final ReelayConfig.Validation settings;
    private final RetiredModels retired;
    private final Clock clock;
    private final IntakeLimits limits = IntakeLimits.DEFAULTS;
    private final UrlPolicy urls;
    private final CallbackUrlPolicy callbacks;

    /** A validator of one fixed catalog with no configured routes, refusing retired models. */
    public RequestValidator(ModelCatalog catalog, ReelayConfig.Validation settings) {
        this(catalog, settings, Map.of());
    }

    /** @param routes model id to provider, for requests that fit several gateways (reelay.routing.models) */
    public RequestValidator(ModelCatalog catalog, ReelayConfig.Validation settings, Map<String, String> routes) {
        this(() -> catalog, settings, routes, RetiredModels.REFUSE, Clock.systemUTC());
    }

    /** A validator of a changing catalog with no configured routes. */
    public RequestValidator(Supplier<ModelCatalog> catalog, ReelayConfig.Validation settings, RetiredModels retired,
            Clock clock) {
        this(catalog, settings, Map.of(), retired, clock);
    }

    /**
     * @param catalog the catalog to judge by, asked once per request (the live one: it changes as discovery does)
     * @param routes model id to provider, for requests that fit several gateways (reelay.routing.models)
     * @param retired what becomes of a new request for a retired model
     * @param clock when "now" is, for retirements
     */
    public RequestValidator(Supplier<ModelCatalog> catalog, ReelayConfig.Validation settings,
            Map<String, String> routes, RetiredModels retired, Clock clock) {
        this(catalog, settings, routes, retired, clock, CallbackUrlPolicy.STRICT);
    }

    /** @param callbacks which callback_url values are accepted (loopback only in the demo and test profiles) */
    public RequestValidator(Supplier<ModelCatalog> catalog, ReelayConfig.Validation settings,
            Map<String, String> routes, RetiredModels retired, Clock clock, CallbackUrlPolicy callbacks) {
        this.callbacks = callbacks;
        this.catalog = catalog;
        this.routes = Map.copyOf(routes);
        this.settings = settings;
        this.retired = retired;
        this.clock = clock;
        this.urls = new UrlPolicy(settings, limits);
    }

    /** The configured limits this validator enforces (beside the fixed {@link IntakeLimits}). */
    public ReelayConfig.Validation validation() {
        return settings;
    }

    /** True for a request time a real clock could give (years 2000 to 2200). */
    public static boolean plausibleTime(Instant at) {
        return FieldBounds.plausible(at);
    }

    /** Validates a new request. */
    public Validated validate(VideoRequest request) {
        return validate(request, true);
    }

    /**
     * Validates an admitted request again before it is paid for: the same rules, but not those of {@link CatalogRules}
     * (a model retired, or a prompt limit lowered, since admission does not stop a request that was validated).
     */
    public Validated revalidate(VideoRequest request) {
        return validate(request, false);
    }

    private Validated validate(VideoRequest request, boolean admitting) {
        List<ValidationError> errors = new ArrayList<>();
        if (request.requestId() == null || !limits.usableId(request.requestId())) {
            errors.add(ValidationError.of("request_id", "invalid_value", "must be 1 to " + limits.maxRequestIdLength()
                    + " characters of " + IntakeLimits.ID_CHARACTERS));
        }
        errors.addAll(FieldBounds.counts(request, limits));
        if (!errors.isEmpty()) {
            return new Validated(request, null, errors); // no per-item rule runs on a request over the counts
        }
        errors.addAll(FieldBounds.lengths(request, limits));
        Priority.check(request.priority()).ifPresent(errors::add);
        if (request.model() == null || request.model().isBlank()) {
            errors.add(ValidationError.of("model", "required", "model is required (see GET /v1/models)"));
            return new Validated(request, null, errors);
        }
        if (request.model().length() > limits.maxNameLength()) {
            errors.add(ValidationError.of("model", "too_long", "model ids are at most " + limits.maxNameLength()
                    + " characters (see GET /v1/models)"));
            return new Validated(request, null, errors);
        }
        ModelCatalog models = catalog.get();
        ModelSpec model = new ModelRouting(models, routes).route(request, errors).orElse(null);
        if (model == null) {
            return new Validated(request, null, errors);
        }
        if (admitting) {
            CatalogRules.Resolved resolved = CatalogRules.retirement(request, model, models, clock.instant(), retired);
            if (resolved.error() != null) {
                errors.add(resolved.error());
                return new Validated(request, model, errors);
            }
            model = resolved.model();
            request = resolved.request();
            errors.addAll(CatalogRules.promptLength(request, model));
        }
        VideoRequest given = request;
        request = MediaAliases.fold(request, model, errors);
        Operation operation = operation(request, model, errors);
        checkPrompt(request, model, operation, errors);
        checkUrls(request, errors);
        if (request.callbackUrl() != null) {
            callbacks.check(request.callbackUrl()).ifPresent(errors::add);
        }
        VideoRequest completed = request.toBuilder().provider(model.provider())
                .priority(Priority.effective(request.priority())).build();
        if (operation != null) {
            completed = completed.toBuilder().operation(operation.wireName()).build();
            if (model.hasParameterTable()) {
                ParameterTableRules.Result table = ParameterTableRules.check(request, model, urls);
                errors.addAll(table.errors());
                errors.addAll(inputsOutsideTheTable(request, model));
                completed = completed.toBuilder().parameters(table.input()).build();
            } else {
                errors.addAll(OperationRules.check(request, operation, model));
                checkReferences(request, model, errors);
                errors.addAll(PassThroughRules.check(request, model, NAMED_FIELDS, urls));
            }
        }
        errors.addAll(FormatRules.check(request, model));
        errors.addAll(KlingElementRules.check(request, urls));
        return errors.isEmpty() ? new Validated(completed, model, errors) : new Validated(given, model, errors);
    }

    private static Operation operation(VideoRequest r, ModelSpec model, List<ValidationError> errors) {
        List<String> offered = model.operations().stream().sorted().map(Operation::wireName).toList();
        if (r.operation() == null && model.hasParameterTable() && model.operations().size() == 1) {
            // A parameter-table model is one mode (the hub's seed): its inputs are parameters, not operation hints.
            return model.operations().iterator().next();
        }
        if (r.operation() == null) {
            Operation inferred = OperationRules.infer(r, model);
            Operation asked = OperationRules.askedFor(r);
            if (inferred == null && asked != null) {
                errors.add(new ValidationError("operation", "unsupported_operation", Input.AUDIO_URL.field()
                        + " asks for " + asked.wireName() + ", which " + model.id() + " does not offer", offered));
            } else if (inferred == null) {
                errors.add(new ValidationError("operation", "not_inferable", "operation is missing and the inputs "
                        + "match none of " + model.id() + "'s operations; say which", offered));
            }
            return inferred;
        }
        Operation operation = Operation.fromWire(r.operation()).orElse(null);
        if (operation == null) {
            errors.add(new ValidationError("operation", "invalid_value", Echo.quote(r.operation()) + " is not an operation",
                    Arrays.stream(Operation.values()).map(Operation::wireName).toList()));
            return null;
        }
        if (!model.offers(operation)) {
            errors.add(new ValidationError("operation", "unsupported_operation",
                    model.id() + " does not offer " + operation.wireName(), offered));
            return null;
        }
        return operation;
    }

    private void checkPrompt(VideoRequest r, ModelSpec model, Operation operation, List<ValidationError> errors) {
        if (r.prompt() != null && r.prompt().length() > settings.maxPromptLength()) {
            errors.add(ValidationError.of("prompt", "too_long", "at most " + settings.maxPromptLength()
                    + " characters, got " + r.prompt().length()));
        }
        boolean needsPrompt = operation == Operation.TEXT_TO_VIDEO && !model.hasParameterTable();
        if (needsPrompt && (r.prompt() == null || r.prompt().isBlank())) {
            errors.add(ValidationError.of("prompt", "required", "text-to-video needs a prompt"));
        }
        if (r.maxWaitSeconds() != null && (r.maxWaitSeconds() < 10 || r.maxWaitSeconds() > MAX_WAIT_SECONDS)) {
            errors.add(ValidationError.of("max_wait_seconds", "out_of_range",
                    "must be between 10 and " + MAX_WAIT_SECONDS + " seconds"));
        }
        if (r.duration() != null && r.duration() <= 0) {
            errors.add(ValidationError.of("duration", "out_of_range", "must be a positive number of seconds"));
        }
    }

    private void checkUrls(VideoRequest r, List<ValidationError> errors) {
        check("image_url", r.imageUrl(), errors);
        if (r.image() != null && !r.image().regionMatches(true, 0, "data:", 0, 5)) {
            errors.add(ValidationError.of("image", "invalid_value", "must be a data: URL (use image_url for links)"));
        } else {
            check("image", r.image(), errors);
        }
        checkAll("reference_images", r.referenceImages(), errors);
        checkAll("reference_videos", r.referenceVideos(), errors);
        checkAll("reference_audios", r.referenceAudios(), errors);
        check("start_image", r.startImage(), errors);
        check("end_image", r.endImage(), errors);
        check("video_url", r.videoUrl(), errors);
        check("audio_url", r.audioUrl(), errors);
    }

    private void check(String field, String url, List<ValidationError> errors) {
        if (url != null) {
            urls.check(field, url).ifPresent(errors::add);
        }
    }

    private void checkAll(String field, List<String> list, List<ValidationError> errors) {
        for (int i = 0; i < list.size(); i++) {
            check(field + "[" + i + "]", list.get(i), errors);
        }
    }

    private void checkReferences(VideoRequest r, ModelSpec model, List<ValidationError> errors) {
        int maxImages = model.limits().referenceImages() != null ? model.limits().referenceImages()
                : settings.maxReferenceImages();
        limit("reference_images", r.referenceImages().size(), maxImages, model, errors);
        limit("reference_videos", r.referenceVideos().size(), orZero(model.limits().referenceVideos()), model, errors);
        limit("reference_audios", r.referenceAudios().size(), orZero(model.limits().referenceAudios()), model, errors);
        if (r.referenceImageType() != null && !REFERENCE_IMAGE_TYPES.contains(r.referenceImageType())) {
            errors.add(new ValidationError("reference_image_type", "invalid_value",
                    Echo.quote(r.referenceImageType()) + " is not a reference image type", REFERENCE_IMAGE_TYPES));
        }
    }

    private static void limit(String field, int count, int max, ModelSpec model, List<ValidationError> errors) {
        if (count > max) {
            errors.add(ValidationError.of(field, max == 0 ? "not_allowed" : "too_many",
                    model.id() + " takes at most " + max + " " + field.replace('_', ' ') + ", got " + count));
        }
    }

    /** Media inputs a parameter-table model has no parameter for. */
    private static List<ValidationError> inputsOutsideTheTable(VideoRequest r, ModelSpec model) {
        Function<Input, ValidationError> refuse = input -> new ValidationError(input.field(), "not_allowed",
                model.id() + " does not take " + input.field(),
                model.parameters().stream().map(p -> p.name()).toList());
        return Stream.of(Input.values())
                .filter(input -> input.in(r) && model.parameter(input.field()).isEmpty())
                .filter(input -> input != Input.KLING_ELEMENTS) // reported by the kling rules
                .filter(input -> !Input.PARAMETERS.contains(input)) // reported as parameters
                .filter(input -> input != Input.IMAGE_URL && input != Input.VIDEO_URL && input != Input.AUDIO_URL)
                .map(refuse)
                .toList();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
