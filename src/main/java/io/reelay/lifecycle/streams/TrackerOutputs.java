package io.reelay.lifecycle.streams;

import org.apache.kafka.streams.processor.api.Record;

import io.reelay.events.LedgerEntry;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.DeadLetters.Code;

/** Everything the tracker writes, one method per output topic. */
interface TrackerOutputs {

    /** A lifecycle record on video.tasks, in the request's trace. */
    void task(VideoTaskEvent event, String traceParent, long now);

    /** A request's one terminal event on video.completed. */
    void completed(VideoCompleted completion, String traceParent, long now);

    /**
     * A request's one terminal event on video.failed.
     *
     * @param provider the provider to name in its trace, or null when it is the producer's text
     * @param model the model to name in its trace, or null when it is the producer's text
     */
    void failed(VideoFailed failure, String traceParent, String provider, String model, long now);

    /** A cost ledger entry on video.ledger, keyed by its tenant, in the transaction of the change it follows. */
    void ledger(LedgerEntry entry, long now);

    /** The record being read goes to the dead-letter topic: its one outcome. */
    void deadLetter(Record<String, byte[]> record, Code code, String reason, Throwable cause, long now);

    /** A request or cancellation goes to the partition that owns its key (video.rerouted). */
    void reroute(Record<String, byte[]> record, String from, long now);

    /** The record being read now, and where its producer put it: named by a dead letter, kept by parking. */
    void reading(DeadLetterOutput.Origin origin);

    DeadLetterOutput.Origin origin();
}
