package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.simulator.SimulatedHubTask.Outcome;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedHubTaskTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String CDN = "https://cdn.test/videos";
    private static final String URL = CDN + "/hub-a.mp4";

    private static SimulatedHubTask task(Outcome outcome, int shape) {
        return new SimulatedHubTask("hub-a", "veo-3.1", "req-1", T0, Duration.ofSeconds(10), outcome, shape);
    }

    private static JsonObject at(SimulatedHubTask task, long millis) {
        return task.view(T0.plusMillis(millis), CDN);
    }

    @Test
    void pendingThenProcessingThenCompletedAndReadyOnlyAtTheEnd() {
        SimulatedHubTask task = task(Outcome.COMPLETED, 0);

        assertThat(at(task, 0).getString("status")).isEqualTo("pending");
        assertThat(at(task, 1_999).getString("status")).isEqualTo("pending");
        assertThat(at(task, 2_000).getString("status")).isEqualTo("processing");
        assertThat(at(task, 9_999).getBoolean("ready")).isFalse();
        assertThat(at(task, 9_999).containsKey("data")).isFalse();
        JsonObject done = at(task, 10_000);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getBoolean("ready")).isTrue();
        assertThat(done.getString("created_at")).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(at(task, 3_000).getLong("elapsed_ms")).isEqualTo(3_000);
        assertThat(at(task, 60_000).getLong("elapsed_ms")).isEqualTo(10_000);
    }

    @Test
    void resultShapesRotateWithTheFalStyleVideoMostOften() {
        for (int shape : new int[] {0, 1, 2}) {
            JsonObject video = at(task(Outcome.COMPLETED, shape), 10_000).getJsonObject("data").getJsonObject("video");
            assertThat(video.getString("url")).isEqualTo(URL);
            assertThat(video.getString("content_type")).isEqualTo("video/mp4");
            assertThat(video.getString("file_name")).isEqualTo("hub-a.mp4");
            assertThat(video.getLong("file_size")).isPositive();
        }
        assertThat(at(task(Outcome.COMPLETED, 3), 10_000).getJsonObject("data").getJsonArray("videos")
                .getJsonObject(0).getString("url")).isEqualTo(URL);
        assertThat(at(task(Outcome.COMPLETED, 4), 10_000).getJsonObject("data").getString("url")).isEqualTo(URL);
        assertThat(at(task(Outcome.COMPLETED, 5), 10_000).getJsonObject("data").getString("video_url")).isEqualTo(URL);
    }

    @Test
    void failureTimeoutAndCancellationEndReadyWithoutData() {
        JsonObject failed = at(task(Outcome.FAILED, 0), 10_000);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error_code")).isEqualTo("simulated_failure");
        assertThat(failed.getString("error_message")).contains("[simulate:fail]");
        JsonObject timeout = at(task(Outcome.TIMEOUT, 0), 10_000);
        assertThat(timeout.getString("status")).isEqualTo("timeout");
        assertThat(timeout.getString("error_code")).isEqualTo("task_timeout");
        JsonObject cancelled = at(task(Outcome.CANCELLED, 0), 10_000);
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(cancelled.containsKey("error_code")).isFalse();
        for (JsonObject end : new JsonObject[] {failed, timeout, cancelled}) {
            assertThat(end.getBoolean("ready")).isTrue();
            assertThat(end.containsKey("data")).isFalse();
        }
        assertThat(at(task(Outcome.FAILED, 0), 5_000).getString("status")).isEqualTo("processing");
    }

    @Test
    void theOutcomeIsChosenByAMarkerInThePrompt() {
        assertThat(Outcome.of("a cat [simulate:fail]")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.of("[simulate:timeout] a cat")).isEqualTo(Outcome.TIMEOUT);
        assertThat(Outcome.of("a [simulate:cancel] cat")).isEqualTo(Outcome.CANCELLED);
        assertThat(Outcome.of("a cat")).isEqualTo(Outcome.COMPLETED);
        assertThat(Outcome.of(null)).isEqualTo(Outcome.COMPLETED);
    }
}
