package io.reelay.devstack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.reelay.events.CopyFailure;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.Received;

/** Follows the sample requests to their terminal events and says what happened, one line per request. */
final class DemoProgress {

    private final Set<String> waiting = new LinkedHashSet<>();
    private final List<VideoCompleted> completions = new ArrayList<>();
    private final int total;
    private int completed;
    private int failed;

    DemoProgress(List<VideoRequested> samples) {
        samples.forEach(sample -> waiting.add(sample.getRequestId()));
        total = waiting.size();
    }

    /** The line to print for a record on video.completed or video.failed, if it ends one of the samples. */
    Optional<String> accept(Received record) {
        if (!waiting.remove(record.key())) {
            return Optional.empty();
        }
        if (Topics.COMPLETED.equals(record.topic())) {
            completed++;
            VideoCompleted event = record.value(VideoCompleted.class);
            completions.add(event);
            return Optional.of(describe(event));
        }
        failed++;
        return Optional.of(describe(record.value(VideoFailed.class)));
    }

    /** The samples' completion events, in the order they came. */
    List<VideoCompleted> completions() {
        return List.copyOf(completions);
    }

    boolean allEnded() {
        return waiting.isEmpty();
    }

    String summary() {
        String counts = (total - waiting.size()) + " of " + total + " requests finished: " + completed
                + " completed, " + failed + " failed";
        return allEnded() ? counts : counts + "; no terminal event yet for " + String.join(", ", waiting);
    }

    /**
     * The upstream's links on the first line, then, indented, each video's stored copy (what outlives the links) or
     * why it has none.
     */
    static String describe(VideoCompleted event) {
        String urls = event.getVideos().stream().map(VideoAsset::getUrl).collect(Collectors.joining(" "));
        StringBuilder line = new StringBuilder("COMPLETED " + event.getRequestId() + " " + event.getModel() + " -> "
                + urls);
        for (VideoAsset video : event.getVideos()) {
            StoredCopy stored = video.getStored();
            if (stored != null) {
                line.append(System.lineSeparator()).append("          stored ").append(stored.getBucket()).append('/')
                        .append(stored.getKey()).append(" (").append(size(stored.getSizeBytes())).append(", sha256 ")
                        .append(stored.getSha256(), 0, Math.min(12, stored.getSha256().length())).append("...) ")
                        .append(stored.getUrl());
            }
        }
        if (event.getMirrorFailures() != null) {
            for (CopyFailure failure : event.getMirrorFailures()) {
                line.append(System.lineSeparator()).append("          no stored copy of video ")
                        .append(failure.getVideoIndex()).append(' ').append(failure.getFile()).append(": ")
                        .append(failure.getReason()).append(" (").append(failure.getMessage()).append(')');
            }
        }
        return line.toString();
    }

    static String size(long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String describe(VideoFailed event) {
        return "FAILED    " + event.getRequestId() + " " + (event.getModel() == null ? "?" : event.getModel())
                + " -> " + event.getReason() + ": " + event.getMessage();
    }
}
