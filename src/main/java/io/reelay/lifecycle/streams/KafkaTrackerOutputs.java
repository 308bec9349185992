package io.reelay.lifecycle.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.reelay.events.LedgerEntry;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.DeadLetters.Code;
import io.reelay.kafka.Topics;
import io.reelay.observability.tracing.TrackerTracing;

/**
 * The tracker's outputs as Kafka Streams forwards: the one place that knows the processor's untyped sinks
 * and the trace headers each record carries.
 */
final class KafkaTrackerOutputs implements TrackerOutputs {

    private final ProcessorContext<Object, Object> context;
    private final TrackerTracing tracing;
    private final TrackerObserver observer;
    private DeadLetterOutput.Origin origin;

    KafkaTrackerOutputs(ProcessorContext<Object, Object> context, TrackerTracing tracing, TrackerObserver observer) {
        this.context = context;
        this.tracing = tracing;
        this.observer = observer;
    }

    @Override
    public void task(VideoTaskEvent event, String traceParent, long now) {
        context.forward(new Record<Object, Object>(event.getRequestId(), event, now,
                TrackerTracing.lifecycle(traceParent)), TrackerTopology.TASKS_SINK);
    }

    @Override
    public void completed(VideoCompleted completion, String traceParent, long now) {
        context.forward(new Record<Object, Object>(completion.getRequestId(), completion, now,
                tracing.terminal(Topics.COMPLETED, completion.getRequestId(), traceParent, completion.getProvider(),
                        completion.getModel(), null)), TrackerTopology.COMPLETED_SINK);
    }

    @Override
    public void failed(VideoFailed failure, String traceParent, String provider, String model, long now) {
        context.forward(new Record<Object, Object>(failure.getRequestId(), failure, now,
                tracing.terminal(Topics.FAILED, failure.getRequestId(), traceParent, provider, model,
                        failure.getReason().name())), TrackerTopology.FAILED_SINK);
    }

    @Override
    public void ledger(LedgerEntry entry, long now) {
        context.forward(new Record<Object, Object>(entry.getTenant(), entry, now), TrackerTopology.LEDGER_SINK);
    }

    @Override
    public void deadLetter(Record<String, byte[]> record, Code code, String reason, Throwable cause, long now) {
        context.forward(DeadLetterOutput.letter(record, origin, code, reason, cause, now), TrackerTopology.DLQ_SINK);
        observer.deadLettered(origin == null ? "none" : origin.topic(), code);
    }

    @Override
    public void reroute(Record<String, byte[]> record, String from, long now) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Inputs.REROUTED_FROM);
        headers.add(Inputs.REROUTED_FROM, from.getBytes(StandardCharsets.UTF_8));
        // Where the producer put it: a dead letter written after the move still names the original position.
        headers.remove(DeadLetterOutput.ORIGIN_PARTITION);
        headers.remove(DeadLetterOutput.ORIGIN_OFFSET);
        context.recordMetadata().ifPresent(m -> {
            headers.add(DeadLetterOutput.ORIGIN_PARTITION, Integer.toString(m.partition()).getBytes());
            headers.add(DeadLetterOutput.ORIGIN_OFFSET, Long.toString(m.offset()).getBytes());
        });
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                TrackerTopology.REROUTED_SINK);
        observer.rerouted(from);
    }

    @Override
    public void reading(DeadLetterOutput.Origin value) {
        this.origin = value;
    }

    @Override
    public DeadLetterOutput.Origin origin() {
        return origin;
    }
}
