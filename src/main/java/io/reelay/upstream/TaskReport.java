package io.reelay.upstream;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What one poll saw.
 *
 * @param status normalised status
 * @param rawStatus status as the upstream wrote it, cut to 64 characters
 * @param progress 0-100 when the upstream reports a real value (held to that range), else null
 * @param videos the videos, on completion (possibly empty if the upstream gave none); at most
 *     {@value UpstreamBounds#MAX_VIDEOS}, the first ones the upstream listed
 * @param error the upstream's error, on failure, else null
 * @param cancelled true when the upstream says the task was cancelled
 * @param updatedAt when the upstream last changed the task, when reported and between 2000 and 2200
 * @param chargedUsd what the upstream says it charged for the task, in USD, when it says (see {@link Charges})
 * @param upstreamAnswer the whole answer as {@link UpstreamAnswer} keeps it, when the parser did not fully
 *     understand an answer that ends the task (an unknown end status, a video in no known place, a failure
 *     without its error); else null. It travels to the terminal event's {@code upstream_answer}.
 */
public record TaskReport(UpstreamStatus status, String rawStatus, Integer progress, List<VideoOutput> videos,
        UpstreamError error, boolean cancelled, Instant updatedAt, BigDecimal chargedUsd, String upstreamAnswer) {

    /** Every field held to {@link UpstreamBounds}, whoever built the report. */
    public TaskReport {
        status = status == null ? UpstreamStatus.UNRECOGNISED : status;
        rawStatus = UpstreamBounds.text(rawStatus, UpstreamBounds.MAX_STATUS_CHARS);
        progress = UpstreamBounds.progress(progress);
        videos = videos == null ? List.of()
                : List.copyOf(videos.size() > UpstreamBounds.MAX_VIDEOS ? videos.subList(0, UpstreamBounds.MAX_VIDEOS) : videos);
        updatedAt = UpstreamBounds.instant(updatedAt);
        chargedUsd = Charges.bounded(chargedUsd);
        upstreamAnswer = UpstreamAnswer.bound(upstreamAnswer);
    }

    /** A report of an answer that was understood, naming no charge. */
    public TaskReport(UpstreamStatus status, String rawStatus, Integer progress, List<VideoOutput> videos,
            UpstreamError error, boolean cancelled, Instant updatedAt) {
        this(status, rawStatus, progress, videos, error, cancelled, updatedAt, null, null);
    }

    /** The same report with {@code answer} as its kept answer. */
    public TaskReport withUpstreamAnswer(String answer) {
        return new TaskReport(status, rawStatus, progress, videos, error, cancelled, updatedAt, chargedUsd, answer);
    }

    /** The same report naming {@code usd} as the upstream's charge. */
    public TaskReport withCharge(BigDecimal usd) {
        return new TaskReport(status, rawStatus, progress, videos, error, cancelled, updatedAt, usd, upstreamAnswer);
    }
}
