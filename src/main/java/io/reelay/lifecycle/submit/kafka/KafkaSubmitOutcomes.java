package io.reelay.lifecycle.submit.kafka;

import java.time.Duration;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.opentelemetry.context.Context;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.InternalKey;
import io.reelay.kafka.TaskSignatures;
import io.reelay.kafka.Topics;
import io.reelay.lifecycle.submit.SubmitOutcomes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes submit outcomes to video.tasks through Reactive Messaging (acks=all, idempotent),
 * retrying until the broker has them. The task id is logged first, so that even a crash before
 * the broker acknowledges leaves it in the log. The caller holds its submit permit until the
 * answer is written, so no more answers than permits are ever held only in memory. Values are written in the
 * configured wire format ({@link EventSerdes}); a schema registry that does not answer is retried like the broker.
 */
@ApplicationScoped
public class KafkaSubmitOutcomes implements SubmitOutcomes {

    private static final Logger LOG = Logger.getLogger(KafkaSubmitOutcomes.class);

    private final MutinyEmitter<byte[]> tasks;
    private final Serializer<VideoTaskEvent> events;
    private final TaskSignatures signatures;

    KafkaSubmitOutcomes(@Channel(Topics.TASKS_CHANNEL) MutinyEmitter<byte[]> tasks, EventSerdes serdes,
            InternalKey key) {
        this.tasks = tasks;
        this.events = serdes.of(VideoTaskEvent.class).serializer();
        this.signatures = new TaskSignatures(key);
    }

    @Override
    public Uni<Void> record(VideoTaskEvent outcome) {
        return record(outcome, Context.root());
    }

    /**
     * The connector's own tracing (the channel's {@code tracing-enabled}, on by default) makes the
     * record's publish span, a child of {@code trace}, and writes its traceparent header: no second span here.
     */
    @Override
    public Uni<Void> record(VideoTaskEvent outcome, Context trace) {
        String id = outcome.getRequestId();
        if (outcome.getType() == VideoTaskEventType.created) {
            LOG.infof("Request %s submitted to %s: upstream task %s", id, outcome.getProvider(),
                    outcome.getUpstreamTaskId());
        } else if (outcome.getType() == VideoTaskEventType.unsent) {
            LOG.infof("Request %s: handed over before its call to %s; its new owner submits it", id,
                    outcome.getProvider());
        } else {
            LOG.warnf("Request %s: submit to %s failed: %s", id, outcome.getProvider(), outcome.getFailureMessage());
        }
        return Uni.createFrom().deferred(() -> {
                    byte[] value = events.serialize(Topics.TASKS, outcome);
                    RecordHeaders headers = new RecordHeaders();
                    signatures.sign(headers, value); // the tracker takes only signed records of video.tasks
                    return tasks.sendMessage(Message.of(value)
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(id)
                                    .withHeaders(headers).build())
                            .addMetadata(TracingMetadata.withCurrent(trace)));
                })
                .onFailure().invoke(e -> LOG.warnf("Request %s: %s not recorded yet (task %s), retrying: %s", id,
                        outcome.getType(), outcome.getUpstreamTaskId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }
}
