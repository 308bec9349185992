package io.reelay.catalog;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A video-generation operation, by the name the upstream contracts use. */
public enum Operation {
    TEXT_TO_VIDEO("text-to-video"),
    IMAGE_TO_VIDEO("image-to-video"),
    REFERENCE_TO_VIDEO("reference-to-video"),
    START_END_TO_VIDEO("start-end-to-video"),
    VIDEO_TO_VIDEO("video-to-video"),
    MOTION_CONTROL("motion-control"),
    AUDIO_TO_VIDEO("audio-to-video"),
    VIDEO_EXTENSION("video-extension");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Operation> fromWire(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static Operation parse(String name) {
        return fromWire(name).orElseThrow(() -> new IllegalArgumentException("unknown operation " + name));
    }
}
