package io.reelay.lifecycle.submit;

import io.opentelemetry.context.Context;
import io.reelay.events.VideoTaskEvent;
import io.smallrye.mutiny.Uni;

/**
 * Where the answer to a paid submit goes: a {@code created} or {@code submit_failed} event for
 * video.tasks, written at once and durably (not held until the tracker's next commit), because an
 * upstream task id must not be lost once known. The tracker reads it back from video.tasks.
 */
public interface SubmitOutcomes {

    /** Writes the answer; the Uni completes once Kafka has it (it retries until then). */
    Uni<Void> record(VideoTaskEvent outcome);

    /** Writes the answer in the request's trace ({@code trace} is the parent of the record's publish span). */
    default Uni<Void> record(VideoTaskEvent outcome, Context trace) {
        return record(outcome);
    }
}
