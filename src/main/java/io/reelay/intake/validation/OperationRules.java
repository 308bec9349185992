package io.reelay.intake.validation;

import static io.reelay.intake.validation.Input.AUDIO_URL;
import static io.reelay.intake.validation.Input.AUDIO_URLS;
import static io.reelay.intake.validation.Input.IMAGE_URLS;
import static io.reelay.intake.validation.Input.VIDEO_URLS;
import static io.reelay.intake.validation.Input.END_IMAGE;
import static io.reelay.intake.validation.Input.IMAGE;
import static io.reelay.intake.validation.Input.IMAGE_URL;
import static io.reelay.intake.validation.Input.KLING_ELEMENTS;
import static io.reelay.intake.validation.Input.REFERENCE_AUDIOS;
import static io.reelay.intake.validation.Input.REFERENCE_IMAGES;
import static io.reelay.intake.validation.Input.REFERENCE_IMAGE_TYPE;
import static io.reelay.intake.validation.Input.REFERENCE_VIDEOS;
import static io.reelay.intake.validation.Input.START_IMAGE;
import static io.reelay.intake.validation.Input.VIDEO_URL;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.ValidationError;

/** Which inputs each operation needs and takes (TokenLab's unified contract), and how to infer a missing operation. */
final class OperationRules {

    /**
     * An operation's inputs: each group of {@code needs} must be given exactly once (at least once when
     * {@code anyOf}); nothing outside {@code takes}.
     */
    private record Rule(List<Set<Input>> needs, Set<Input> takes, boolean anyOf) {
        Rule(List<Set<Input>> needs, Set<Input> takes) {
            this(needs, takes, false);
        }
    }

    private static final Map<Operation, Rule> RULES = Map.of(
            Operation.TEXT_TO_VIDEO, new Rule(List.of(), EnumSet.noneOf(Input.class)),
            Operation.IMAGE_TO_VIDEO, new Rule(List.of(EnumSet.of(IMAGE_URL, IMAGE, IMAGE_URLS)),
                    EnumSet.of(IMAGE_URL, IMAGE, IMAGE_URLS, KLING_ELEMENTS)),
            // Seedance takes its reference images as reference_images, image_urls or both (TokenLab's seed).
            Operation.REFERENCE_TO_VIDEO, new Rule(List.of(EnumSet.of(REFERENCE_IMAGES, IMAGE_URLS)),
                    EnumSet.of(REFERENCE_IMAGES, REFERENCE_VIDEOS, REFERENCE_AUDIOS, REFERENCE_IMAGE_TYPE, IMAGE_URLS,
                            VIDEO_URLS, AUDIO_URLS), true),
            Operation.START_END_TO_VIDEO, new Rule(List.of(EnumSet.of(START_IMAGE), EnumSet.of(END_IMAGE)),
                    EnumSet.of(START_IMAGE, END_IMAGE, KLING_ELEMENTS)),
            Operation.VIDEO_TO_VIDEO, new Rule(List.of(EnumSet.of(VIDEO_URL)), EnumSet.of(VIDEO_URL)),
            Operation.MOTION_CONTROL, new Rule(List.of(EnumSet.of(IMAGE_URL, IMAGE), EnumSet.of(VIDEO_URL)),
                    EnumSet.of(IMAGE_URL, IMAGE, VIDEO_URL)),
            Operation.AUDIO_TO_VIDEO, new Rule(List.of(EnumSet.of(AUDIO_URL)), EnumSet.of(AUDIO_URL, IMAGE_URL, IMAGE)),
            Operation.VIDEO_EXTENSION, new Rule(List.of(EnumSet.of(VIDEO_URL)), EnumSet.of(VIDEO_URL)));

    /** kling-3.0-video's element requests: a start image, an end image, or both (TokenLab's seed). */
    private static final Rule ELEMENTS_START_END = new Rule(List.of(EnumSet.of(START_IMAGE, END_IMAGE)),
            EnumSet.of(START_IMAGE, END_IMAGE, KLING_ELEMENTS), true);

    private OperationRules() {
    }

    /**
     * The operation an {@code audio_url} asks for, whatever the model: audio-to-video (TokenLab's model-specific
     * flow), when no video, start/end or reference input points elsewhere. Else null.
     */
    static Operation askedFor(VideoRequest r) {
        return candidates(r).equals(List.of(Operation.AUDIO_TO_VIDEO)) ? Operation.AUDIO_TO_VIDEO : null;
    }

    /** The operation the inputs point to, or null when they point nowhere the model goes. */
    static Operation infer(VideoRequest r, ModelSpec model) {
        return candidates(r).stream().filter(model::offers).findFirst().orElse(null);
    }

    /** The operations the inputs point to, most likely first. */
    private static List<Operation> candidates(VideoRequest r) {
        List<Operation> candidates = new ArrayList<>();
        boolean image = IMAGE_URL.in(r) || IMAGE.in(r);
        if (VIDEO_URL.in(r) && image) {
            candidates.add(Operation.MOTION_CONTROL);
        } else if (START_IMAGE.in(r) || END_IMAGE.in(r)) {
            candidates.add(Operation.START_END_TO_VIDEO);
        } else if (REFERENCE_IMAGES.in(r) || REFERENCE_VIDEOS.in(r) || REFERENCE_AUDIOS.in(r) || VIDEO_URLS.in(r)
                || AUDIO_URLS.in(r)) {
            candidates.add(Operation.REFERENCE_TO_VIDEO);
        } else if (VIDEO_URL.in(r)) {
            candidates.addAll(List.of(Operation.VIDEO_TO_VIDEO, Operation.VIDEO_EXTENSION));
        } else if (AUDIO_URL.in(r)) {
            candidates.add(Operation.AUDIO_TO_VIDEO);
        } else if (image) {
            candidates.add(Operation.IMAGE_TO_VIDEO);
        } else if (IMAGE_URLS.in(r)) {
            // An image list is an image input on some models (kling-3.0-video), references on others (Seedance).
            candidates.addAll(List.of(Operation.IMAGE_TO_VIDEO, Operation.REFERENCE_TO_VIDEO));
        } else {
            candidates.add(Operation.TEXT_TO_VIDEO);
        }
        return candidates;
    }

    /**
     * The input errors of a request for an operation of a model. The media lists that are model parameters
     * (image_urls...) count only for a model that takes them (the catalog's pass_through); others refuse them.
     */
    static List<ValidationError> check(VideoRequest r, Operation operation, ModelSpec model) {
        Rule rule = operation == Operation.START_END_TO_VIDEO && KLING_ELEMENTS.in(r) ? ELEMENTS_START_END
                : RULES.get(operation);
        List<ValidationError> errors = new ArrayList<>();
        for (Set<Input> all : rule.needs()) {
            Set<Input> group = taken(all, model);
            List<Input> given = group.stream().filter(i -> i.in(r)).toList();
            if (given.isEmpty()) {
                errors.add(new ValidationError(fields(group).get(0), "required",
                        operation.wireName() + " needs " + String.join(" or ", fields(group)), fields(group)));
            } else if (given.size() > 1 && !rule.anyOf()) {
                errors.add(new ValidationError(given.get(1).field(), "conflict",
                        "give only one of " + String.join(", ", fields(group)), fields(group)));
            }
        }
        Set<Input> takes = taken(rule.takes(), model);
        for (Input input : Input.values()) {
            if (input.in(r) && !takes.contains(input) && (takes(model, input) || !Input.PARAMETERS.contains(input))) {
                // (a parameter the model takes nowhere is refused as such, by the pass-through rules)
                errors.add(new ValidationError(input.field(), "not_allowed",
                        operation.wireName() + " does not take " + input.field(), fields(takes)));
            }
        }
        return errors;
    }

    private static Set<Input> taken(Set<Input> inputs, ModelSpec model) {
        Set<Input> out = EnumSet.noneOf(Input.class);
        inputs.stream().filter(i -> takes(model, i)).forEach(out::add);
        return out;
    }

    private static boolean takes(ModelSpec model, Input input) {
        return !Input.PARAMETERS.contains(input)
                || model.passThrough().stream().anyMatch(p -> p.name().equals(input.field()));
    }

    private static List<String> fields(Set<Input> inputs) {
        return inputs.stream().sorted().map(Input::field).collect(Collectors.toList());
    }
}
