package io.reelay.upstream;

/** One video in a completed task, with what the upstream said about it (null when not said). */
public record VideoOutput(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl) {
}
