package io.reelay.upstream;

import java.time.Instant;
import java.util.List;

/**
 * What one poll saw.
 *
 * @param status normalised status
 * @param rawStatus status as the upstream wrote it
 * @param progress 0-100 when the upstream reports a real value, else null
 * @param videos the videos, on completion (possibly empty if the upstream gave none)
 * @param error the upstream's error, on failure, else null
 * @param cancelled true when the upstream says the task was cancelled
 * @param updatedAt when the upstream last changed the task, when reported
 */
public record TaskReport(UpstreamStatus status, String rawStatus, Integer progress, List<VideoOutput> videos,
        UpstreamError error, boolean cancelled, Instant updatedAt) {

    public TaskReport {
        videos = videos == null ? List.of() : List.copyOf(videos);
    }
}
