package io.reelay.simulator.models;

import io.reelay.simulator.models.TokenLabModel.ExtraInput;
import io.reelay.simulator.models.TokenLabModel.References;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * TokenLab's discovery and pricing shapes, rendered from a {@link TokenLabModel} at an instant (the lifecycle stage
 * follows the clock). Field names are TokenLab's where its documentation names them; where it only names a group
 * (the entries of {@code operation_constraints}, the pricing fields besides {@code lock_price_per_request} and
 * {@code has_complex_pricing}) the names are the simulator's, chosen to match TokenLab's error fields
 * ({@code allowed_durations}, {@code supported_operations}).
 */
public final class TokenLabViews {

    /** Every model's {@code created}: the simulator has no history, one plausible date stands for all. */
    static final long CREATED = 1735689600L;

    private TokenLabViews() {
    }

    /** An entry of {@code GET /v1/models} without {@code view=full}. */
    public static JsonObject compact(TokenLabModel m, Instant now) {
        return new JsonObject()
                .put("id", m.id())
                .put("object", "model")
                .put("created", CREATED)
                .put("owned_by", m.ownedBy())
                .put("name", m.name())
                .put("category", "video")
                .put("lifecycle", lifecycle(m.lifecycle(), now));
    }

    /** {@code GET /v1/models/{model}}, and an entry of {@code GET /v1/models?view=full}. */
    public static JsonObject full(TokenLabModel m, Instant now) {
        return compact(m, now)
                .put("tokenlab", new JsonObject().put("request_format_summary", requestFormat(m)))
                .put("service_limits", limits(m.limits()))
                .put("pricing_summary", pricingSummary(m.price()));
    }

    /** {@code GET /v1/models/{model}/pricing}, and an entry of {@code GET /v1/pricing}. */
    public static JsonObject pricing(TokenLabModel m) {
        Price p = m.price();
        JsonObject json = pricingSummary(p).put("object", "model.pricing").put("model", m.id());
        if (p.complex()) {
            JsonArray byResolution = new JsonArray();
            m.resolutions().forEach(r -> byResolution.add(new JsonObject().put("resolution", r)
                    .put(priceField(p), p.at(r))));
            json.put("resolution_prices", byResolution);
        }
        return json.put("simulated", true);
    }

    static JsonObject lifecycle(Lifecycle l, Instant now) {
        return new JsonObject()
                .put("stage", l.stage(now))
                .put("deprecated_at", text(l.deprecatedAt()))
                .put("retired_at", text(l.retiredAt()))
                .put("sunset_at", text(l.sunsetAt()))
                .put("replacement_model", l.replacementModel());
    }

    static JsonObject pricingSummary(Price p) {
        return new JsonObject()
                .put("currency", "USD")
                .put("billing_unit", p.unit().wireName())
                .put(priceField(p), p.usd())
                .put("lock_price_per_request", p.lockedPerRequest())
                .put("has_complex_pricing", p.complex());
    }

    static String priceField(Price p) {
        return p.unit() == Price.Unit.PER_SECOND ? "price_per_second_usd" : "price_per_request_usd";
    }

    private static JsonObject limits(ServiceLimits l) {
        return new JsonObject()
                .put("online_rpm", l.onlineRpm())
                .put("concurrency", l.concurrency())
                .put("prompt_max_characters", l.promptMaxCharacters());
    }

    private static JsonObject requestFormat(TokenLabModel m) {
        JsonArray constraints = new JsonArray();
        m.operations().forEach(op -> constraints.add(constraint(m, op)));
        JsonObject summary = new JsonObject()
                .put("supported_operations", new JsonArray(m.operations()))
                .put("durations", new JsonArray(m.durations()))
                .put("resolutions", new JsonArray(m.resolutions()))
                .put("aspect_ratios", new JsonArray(m.aspectRatios()))
                .put("required_selectors", new JsonArray(m.requiredSelectors()))
                .put("optional_selectors", new JsonArray(optionalSelectors(m)))
                .put("operation_constraints", constraints);
        if (m.outputAudio() != null) {
            summary.put("defaults", new JsonObject().put("output_audio", m.outputAudio()));
        }
        return summary;
    }

    private static List<String> optionalSelectors(TokenLabModel m) {
        List<String> selectors = new ArrayList<>(List.of("operation"));
        if (!m.durations().isEmpty()) {
            selectors.add("duration");
        }
        if (!m.resolutions().isEmpty()) {
            selectors.add("resolution");
        }
        if (!m.aspectRatios().isEmpty()) {
            selectors.add("aspect_ratio");
        }
        if (m.outputAudio() != null) {
            selectors.add("output_audio");
        }
        selectors.removeAll(m.requiredSelectors());
        return selectors;
    }

    /**
     * One operation's allowed values and documented inputs. {@code required_inputs} lists groups of alternatives:
     * a request gives at least one input of every group.
     */
    private static JsonObject constraint(TokenLabModel m, String operation) {
        Inputs inputs = new Inputs();
        boolean promptRequired = !"video-to-video".equals(operation);
        inputs.add("prompt", "string", null, promptRequired);
        switch (operation) {
            case "image-to-video" -> {
                inputs.add("image_url", "string", null, false);
                inputs.add("image", "string", null, false);
                inputs.requireOneOf("image_url", "image");
            }
            case "reference-to-video" -> {
                References refs = m.references();
                inputs.add("reference_images", "array", refs == null ? null : refs.images(), false);
                inputs.add("reference_image_type", "string", null, false);
                inputs.requireOneOf("reference_images");
                if (refs != null && refs.videos() != null) {
                    inputs.add("video_urls", "array", refs.videos(), false);
                }
                if (refs != null && refs.audios() != null) {
                    inputs.add("audio_urls", "array", refs.audios(), false);
                }
            }
            case "start-end-to-video" -> {
                inputs.add("start_image", "string", null, true);
                inputs.add("end_image", "string", null, true);
            }
            case "video-to-video" -> inputs.add("video_url", "string", null, true);
            case "motion-control" -> {
                inputs.add("image_url", "string", null, true);
                inputs.add("video_url", "string", null, true);
            }
            case "audio-to-video" -> inputs.add("audio_url", "string", null, true);
            case "video-extension" -> inputs.add("video_url", "string", null, true);
            default -> {
                // text-to-video: the prompt alone.
            }
        }
        for (ExtraInput extra : m.extraInputs()) {
            if (extra.appliesTo(operation)) {
                inputs.add(extra.name(), extra.type(), extra.maxItems(), false);
                // An image list stands in for the single image input it extends.
                if ("image_urls".equals(extra.name())) {
                    inputs.widen(extra.name());
                }
            }
        }
        return new JsonObject()
                .put("operation", operation)
                .put("allowed_durations", new JsonArray(m.durations()))
                .put("allowed_resolutions", new JsonArray(m.resolutions()))
                .put("allowed_aspect_ratios", new JsonArray(m.aspectRatios()))
                .put("required_inputs", inputs.required)
                .put("documented_inputs", inputs.documented);
    }

    /** The inputs of one operation as they are being listed. */
    private static final class Inputs {
        final JsonArray documented = new JsonArray();
        final JsonArray required = new JsonArray();
        JsonArray alternatives;

        void add(String name, String type, Integer maxItems, boolean alone) {
            JsonObject input = new JsonObject().put("name", name).put("type", type).put("required", alone);
            if (maxItems != null) {
                input.put("max_items", maxItems);
            }
            documented.add(input);
            if (alone) {
                required.add(new JsonArray().add(name));
            }
        }

        void requireOneOf(String... names) {
            alternatives = new JsonArray();
            for (String name : names) {
                alternatives.add(name);
            }
            required.add(alternatives);
        }

        void widen(String name) {
            if (alternatives != null) {
                alternatives.add(name);
            }
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
