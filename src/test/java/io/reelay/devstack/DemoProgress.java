package io.reelay.devstack;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.kafka.Received;

/** Follows the sample requests to their terminal events and says what happened, one line per request. */
final class DemoProgress {

    private final Set<String> waiting = new LinkedHashSet<>();
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
            return Optional.of(describe(record.value(VideoCompleted.class)));
        }
        failed++;
        return Optional.of(describe(record.value(VideoFailed.class)));
    }

    boolean allEnded() {
        return waiting.isEmpty();
    }

    String summary() {
        String counts = (total - waiting.size()) + " of " + total + " requests finished: " + completed
                + " completed, " + failed + " failed";
        return allEnded() ? counts : counts + "; no terminal event yet for " + String.join(", ", waiting);
    }

    private static String describe(VideoCompleted event) {
        String urls = event.getVideos().stream().map(VideoAsset::getUrl).collect(Collectors.joining(" "));
        return "COMPLETED " + event.getRequestId() + " " + event.getModel() + " -> " + urls;
    }

    private static String describe(VideoFailed event) {
        return "FAILED    " + event.getRequestId() + " " + (event.getModel() == null ? "?" : event.getModel())
                + " -> " + event.getReason() + ": " + event.getMessage();
    }
}
