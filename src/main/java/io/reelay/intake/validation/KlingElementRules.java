package io.reelay.intake.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.reelay.intake.Echo;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.VideoRequest.KlingElementSpec;
import io.reelay.intake.ValidationError;

/** kling_elements: only on kling-3.0-video with an image input; every @name defined and every element used. */
final class KlingElementRules {

    static final String MODEL = "kling-3.0-video";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern REFERENCE = Pattern.compile("@([A-Za-z0-9_]+)");

    private KlingElementRules() {
    }

    static List<ValidationError> check(VideoRequest r, UrlPolicy urls) {
        List<ValidationError> errors = new ArrayList<>();
        if (r.klingElements().isEmpty()) {
            return errors;
        }
        if (!MODEL.equals(r.model())) {
            errors.add(new ValidationError("kling_elements", "not_allowed",
                    "element references are offered by " + MODEL + " only", List.of(MODEL)));
            return errors;
        }
        if (r.imageUrl() == null && r.image() == null && r.startImage() == null && r.endImage() == null
                && !Input.IMAGE_URLS.in(r)) {
            errors.add(new ValidationError("image_url", "required", "kling_elements need an image input",
                    List.of("image_url", "image", "image_urls", "start_image", "end_image")));
        }
        Set<String> defined = new HashSet<>();
        for (int i = 0; i < r.klingElements().size(); i++) {
            KlingElementSpec element = r.klingElements().get(i);
            String at = "kling_elements[" + i + "]";
            if (element.name() == null || !NAME.matcher(element.name()).matches()) {
                errors.add(ValidationError.of(at + ".name", "invalid_value", "must be letters, digits or _"));
            } else if (!defined.add(element.name())) {
                errors.add(ValidationError.of(at + ".name", "conflict", "element " + Echo.quote(element.name()) + " is defined twice"));
            }
            if (element.inputUrls().isEmpty()) {
                errors.add(ValidationError.of(at + ".element_input_urls", "required", "at least one image of the element"));
            }
            for (int j = 0; j < element.inputUrls().size(); j++) {
                urls.check(at + ".element_input_urls[" + j + "]", element.inputUrls().get(j)).ifPresent(errors::add);
            }
        }
        Set<String> referenced = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(r.prompt() == null ? "" : r.prompt());
        while (m.find()) {
            referenced.add(m.group(1));
        }
        for (String name : referenced) {
            if (!defined.contains(name)) {
                errors.add(new ValidationError("prompt", "undefined_reference", "@" + Echo.quote(name) + " is not a defined element",
                        List.copyOf(defined)));
            }
        }
        for (String name : defined) {
            if (!referenced.contains(name)) {
                errors.add(ValidationError.of("kling_elements", "unused_element",
                        "element " + Echo.quote(name) + " is never referenced as @" + Echo.quote(name) + " in the prompt"));
            }
        }
        return errors;
    }
}
