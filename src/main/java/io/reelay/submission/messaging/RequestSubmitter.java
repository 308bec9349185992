package io.reelay.submission.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEvent;
import io.reelay.messaging.AvroSerde;
import io.reelay.messaging.Topics;
import io.reelay.request.RequestDecoder;
import io.reelay.request.UndecodableRequestException;
import io.reelay.request.VideoRequest;
import io.reelay.submission.SubmissionLedger;
import io.reelay.submission.SubmitFailure;
import io.reelay.submission.config.SubmitterConfig;
import io.reelay.submission.mapping.TaskEventFactory;
import io.reelay.upstream.ProviderRegistry;
import io.reelay.upstream.VideoProvider;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes video.requests and turns each new request into an upstream task: it records the intent
 * to submit on video.tasks (and waits for the broker's ack) before the paid call, then records the
 * created task, or the refusal, on video.tasks. Up to {@code reelay.submitter.concurrency} requests
 * are handled at once, so one slow upstream call does not stall the others. Records that cannot be
 * decoded are nacked and go to video.requests.dlq with the reason.
 */
@ApplicationScoped
public class RequestSubmitter {

    private static final Logger LOG = Logger.getLogger(RequestSubmitter.class);
    private static final AvroSerde<VideoTaskEvent> TASK_EVENTS = AvroSerde.of(VideoTaskEvent.class);
    static final String INTENTS_CHANNEL = "video-task-intents";

    private final RequestDecoder decoder;
    private final ProviderRegistry providers;
    private final SubmissionLedger ledger;
    private final MutinyEmitter<byte[]> intents;
    private final SubmitterConfig config;

    RequestSubmitter(RequestDecoder decoder, ProviderRegistry providers, SubmissionLedger ledger,
            @Channel(INTENTS_CHANNEL) MutinyEmitter<byte[]> intents, SubmitterConfig config) {
        this.decoder = decoder;
        this.providers = providers;
        this.ledger = ledger;
        this.intents = intents;
        this.config = config;
    }

    @Incoming(Topics.REQUESTS_CHANNEL)
    @Outgoing(Topics.TASKS_CHANNEL)
    public Multi<Message<byte[]>> submit(Multi<Message<byte[]>> requests) {
        return requests.onItem().transformToMulti(this::handle).merge(config.concurrency());
    }

    private Multi<Message<byte[]>> handle(Message<byte[]> message) {
        VideoRequest request;
        try {
            request = withFallbacks(decoder.decode(message.getPayload()), message);
        } catch (UndecodableRequestException e) {
            LOG.warnf("Undecodable record on %s sent to %s: %s", Topics.REQUESTS, Topics.REQUESTS_DLQ, e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e)).onItem().transformToMulti(x -> Multi.createFrom().empty());
        }
        return process(request, message)
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Request %s could not be processed", request.requestId());
                    return Uni.createFrom().completionStage(message.nack(e)).replaceWith((Message<byte[]>) null);
                })
                .toMulti();
    }

    private Uni<Message<byte[]>> process(VideoRequest request, Message<byte[]> message) {
        String id = request.requestId();
        if (request.model() == null || request.model().isBlank()) {
            return Uni.createFrom().item(outcome(message, TaskEventFactory.submitFailed(request, null,
                    FailureReason.invalid_request, "model is required", null, false, Instant.now())));
        }
        Optional<VideoProvider> provider = providers.providerFor(request.model());
        if (provider.isEmpty()) {
            return Uni.createFrom().item(outcome(message, TaskEventFactory.submitFailed(request, null,
                    FailureReason.invalid_request, "no upstream provider is configured for model " + request.model(),
                    null, false, Instant.now())));
        }
        VideoProvider upstream = provider.get();
        return ledger.claim(id).onItem().transformToUni(isNew -> {
            if (!isNew) {
                LOG.infof("Request %s was seen before: not submitted again", id);
                return Uni.createFrom().completionStage(message.ack()).replaceWith((Message<byte[]>) null);
            }
            return recordIntent(request, upstream.name())
                    .chain(() -> upstream.submit(request).ifNoItem().after(config.callTimeout()).fail())
                    .map(task -> {
                        LOG.infof("Request %s submitted to %s: upstream task %s", id, upstream.name(), task.upstreamTaskId());
                        return outcome(message, TaskEventFactory.created(request, upstream.name(), task, Instant.now()));
                    })
                    .onFailure().recoverWithItem(failure -> {
                        SubmitFailure f = SubmitFailure.of(failure);
                        LOG.warnf("Request %s: submit to %s failed: %s", id, upstream.name(), f.message());
                        return outcome(message, TaskEventFactory.submitFailed(request, upstream.name(), f.reason(),
                                f.message(), f.upstreamError(), f.retryable(), Instant.now()));
                    });
        });
    }

    /** Writes the intent to submit and waits until the broker has it: only then may the paid call go out. */
    private Uni<Void> recordIntent(VideoRequest request, String provider) {
        VideoTaskEvent intent = TaskEventFactory.submitting(request, provider, Instant.now());
        return Uni.createFrom().deferred(Unchecked.supplier(() -> intents.sendMessage(keyed(request.requestId(),
                        Message.of(TASK_EVENTS.encode(intent))))))
                .onFailure().invoke(e -> LOG.warnf("Request %s: intent not recorded yet, retrying: %s",
                        request.requestId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    /** The event that settles the request's submit; when Kafka has it, the request's offset may be committed. */
    private static Message<byte[]> outcome(Message<byte[]> request, VideoTaskEvent event) {
        return keyed(event.getRequestId(), request.withPayload(TASK_EVENTS.encode(event)));
    }

    private static Message<byte[]> keyed(String key, Message<byte[]> message) {
        return message.addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    /** The record key stands in for a missing request id, and the record time for a missing request time. */
    private static VideoRequest withFallbacks(VideoRequest request, Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String id = request.requestId();
        if (id == null || id.isBlank()) {
            id = kafka == null ? null : kafka.getKey();
            if (id == null || id.isBlank()) {
                throw new UndecodableRequestException("request_id is empty and the record has no key");
            }
        }
        Instant requestedAt = request.requestedAt() != null ? request.requestedAt()
                : kafka != null ? kafka.getTimestamp() : Instant.now();
        return request.withIdentity(id, requestedAt);
    }
}
