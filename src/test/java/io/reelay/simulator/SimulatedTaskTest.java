package io.reelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedTaskTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String CDN = "https://cdn.test/videos";

    private static SimulatedTask task(boolean fails, int shape) {
        return new SimulatedTask("ldtask_a", "veo3.1", "req-1", T0, Duration.ofSeconds(10), 8, fails, shape);
    }

    private static JsonObject at(SimulatedTask task, long millis) {
        return task.view(T0.plusMillis(millis), CDN);
    }

    @Test
    void pendingThenProcessingWithRisingProgressThenCompleted() {
        SimulatedTask task = task(false, 0);

        assertThat(at(task, 0).getString("status")).isEqualTo("pending");
        assertThat(at(task, 0).containsKey("progress")).isFalse();
        assertThat(at(task, 3_000).getString("status")).isEqualTo("processing");
        assertThat(at(task, 3_000).getInteger("progress")).isEqualTo(30);
        assertThat(at(task, 9_999).getInteger("progress")).isEqualTo(99);
        JsonObject done = at(task, 10_000);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getLong("updated")).isEqualTo(T0.plusSeconds(10).getEpochSecond());
        assertThat(done.getLong("created")).isEqualTo(T0.getEpochSecond());
    }

    @Test
    void eachShapePutsTheVideoInADifferentDocumentedPlace() {
        String url = CDN + "/ldtask_a.mp4";
        assertThat(at(task(false, 0), 10_000).getString("video_url")).isEqualTo(url);
        assertThat(at(task(false, 1), 10_000).getJsonObject("video").getString("url")).isEqualTo(url);
        assertThat(at(task(false, 1), 10_000).getJsonObject("video").getDouble("duration")).isEqualTo(8.0);
        assertThat(at(task(false, 2), 10_000).getJsonArray("videos").getJsonObject(0).getString("url")).isEqualTo(url);
        assertThat(at(task(false, 3), 10_000).getJsonObject("content").getString("video_url")).isEqualTo(url);
        assertThat(at(task(false, 3), 10_000).getJsonObject("content").getString("last_frame_url"))
                .isEqualTo(CDN + "/ldtask_a_last.jpg");
    }

    @Test
    void failingTaskEndsFailedWithAnErrorObjectAndNoVideo() {
        JsonObject failed = at(task(true, 0), 10_000);

        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getJsonObject("error").getString("code")).isEqualTo("simulated_failure");
        assertThat(failed.containsKey("video_url")).isFalse();
        assertThat(at(task(true, 0), 5_000).getString("status")).isEqualTo("processing");
    }
}
