package io.reelay.lifecycle.poll;

import java.util.Locale;

import io.reelay.events.VideoRequested;

/**
 * Which tasks are expected to take about as long as each other: those of one model with the same
 * clip length and resolution (a 10 s 1080p clip renders longer than a 5 s 720p one). Each class is
 * learned on its own, and also folded into its model's class, which stands in while the finer class
 * has too few samples.
 */
public final class DurationClass {

    private static final String SEPARATOR = "|";

    private DurationClass() {
    }

    /** provider|model|clip seconds|resolution, "-" for what the request leaves to the model's default. */
    public static String of(String provider, VideoRequested request) {
        if (request == null) {
            return null;
        }
        String clip = request.getDuration() == null ? "-" : request.getDuration().toString();
        String resolution = request.getResolution() == null || request.getResolution().isBlank() ? "-"
                : request.getResolution().trim().toLowerCase(Locale.ROOT);
        return modelClass(provider, request.getModel()) + SEPARATOR + clip + SEPARATOR + resolution;
    }

    /** provider|model. */
    public static String modelClass(String provider, String model) {
        return provider + SEPARATOR + model;
    }
}
