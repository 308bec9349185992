package io.reelay.intake.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.VideoRequest.KlingElementSpec;
import io.reelay.intake.ValidationError;

/**
 * The intake bounds of {@link IntakeLimits} on every field, whatever the wire format: counts first (a request over
 * them is refused before any per-item rule runs, so the work per record stays bounded), then lengths.
 */
final class FieldBounds {

    /** Requests from before 2000 or after 2200 are clock or encoding errors, not requests. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private FieldBounds() {
    }

    /** Lists, maps and totals over their bounds. */
    static List<ValidationError> counts(VideoRequest r, IntakeLimits limits) {
        List<ValidationError> errors = new ArrayList<>();
        items("reference_images", r.referenceImages().size(), limits, errors);
        items("reference_videos", r.referenceVideos().size(), limits, errors);
        items("reference_audios", r.referenceAudios().size(), limits, errors);
        items("kling_elements", r.klingElements().size(), limits, errors);
        for (int i = 0; i < Math.min(r.klingElements().size(), limits.maxListItems()); i++) {
            items("kling_elements[" + i + "].element_input_urls", r.klingElements().get(i).inputUrls().size(), limits,
                    errors);
        }
        entries("metadata", r.metadata(), limits.maxMetadataEntries(), limits.maxMetadataBytes(), errors);
        entries("parameters", r.parameters(), limits.maxParameters(), limits.maxParameterBytes(), errors);
        return errors;
    }

    /** Strings over their bounds, and a request time no clock would give. */
    static List<ValidationError> lengths(VideoRequest r, IntakeLimits limits) {
        List<ValidationError> errors = new ArrayList<>();
        int name = limits.maxNameLength();
        length("operation", r.operation(), name, errors);
        length("provider", r.provider(), name, errors);
        length("aspect_ratio", r.aspectRatio(), name, errors);
        length("resolution", r.resolution(), name, errors);
        length("reference_image_type", r.referenceImageType(), name, errors);
        for (int i = 0; i < r.klingElements().size(); i++) {
            KlingElementSpec e = r.klingElements().get(i);
            length("kling_elements[" + i + "].name", e.name(), name, errors);
            length("kling_elements[" + i + "].description", e.description(), limits.maxMetadataValueLength(), errors);
        }
        r.metadata().forEach((key, value) -> {
            if (key.length() > limits.maxMetadataKeyLength()) {
                errors.add(ValidationError.of("metadata", "too_long", "keys are at most "
                        + limits.maxMetadataKeyLength() + " characters, got one of " + key.length()));
            } else {
                length("metadata." + key, value, limits.maxMetadataValueLength(), errors);
            }
        });
        r.parameters().keySet().stream().filter(key -> key.length() > name).findFirst().ifPresent(key -> errors.add(
                ValidationError.of("parameters", "too_long", "parameter names are at most " + name
                        + " characters, got one of " + key.length())));
        if (r.requestedAt() != null && !plausible(r.requestedAt())) {
            errors.add(ValidationError.of("requested_at", "out_of_range", "must be between " + EARLIEST + " and "
                    + LATEST));
        }
        return errors;
    }

    static boolean plausible(Instant at) {
        return !at.isBefore(EARLIEST) && at.isBefore(LATEST);
    }

    private static void items(String field, int count, IntakeLimits limits, List<ValidationError> errors) {
        if (count > limits.maxListItems()) {
            errors.add(ValidationError.of(field, "too_many", "at most " + limits.maxListItems() + " items, got "
                    + count));
        }
    }

    private static void entries(String field, Map<String, String> map, int maxEntries, int maxCharacters,
            List<ValidationError> errors) {
        if (map.size() > maxEntries) {
            errors.add(ValidationError.of(field, "too_many", "at most " + maxEntries + " entries, got " + map.size()));
            return;
        }
        long characters = map.entrySet().stream()
                .mapToLong(e -> e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length())).sum();
        if (characters > maxCharacters) {
            errors.add(ValidationError.of(field, "too_large", "at most " + maxCharacters
                    + " characters in all (keys and values), got " + characters));
        }
    }

    private static void length(String field, String value, int max, List<ValidationError> errors) {
        if (value != null && value.length() > max) {
            errors.add(ValidationError.of(field, "too_long", "at most " + max + " characters, got " + value.length()));
        }
    }
}
