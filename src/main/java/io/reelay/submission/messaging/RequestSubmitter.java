package io.reelay.submission.messaging;

import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;

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
import io.reelay.request.MalformedRequestException;
import io.reelay.request.UndecodableRequestException;
import io.reelay.request.validation.RequestValidator;
import io.reelay.request.validation.Validated;
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
    private final RequestValidator validator;
    private final ProviderRegistry providers;
    private final SubmissionLedger ledger;
    private final MutinyEmitter<byte[]> intents;
    private final SubmitterConfig config;

    RequestSubmitter(RequestDecoder decoder, RequestValidator validator, ProviderRegistry providers, SubmissionLedger ledger,
            @Channel(INTENTS_CHANNEL) MutinyEmitter<byte[]> intents, SubmitterConfig config) {
        this.decoder = decoder;
        this.validator = validator;
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
        IncomingKafkaRecordMetadata<String, byte[]> kafka = kafkaMetadata(message);
        VideoRequest request;
        try {
            request = decode(message, kafka);
        } catch (UndecodableRequestException e) {
            LOG.warnf("Undecodable record on %s sent to %s: %s", Topics.REQUESTS, Topics.REQUESTS_DLQ, e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e)).onItem().transformToMulti(x -> Multi.createFrom().empty());
        } catch (MalformedRequestException e) {
            VideoRequest partial = e.partial();
            LOG.infof("Request %s refused: malformed %s", partial.requestId(), e.errors());
            return Multi.createFrom().item(outcome(message, TaskEventFactory.invalid(partial,
                    new Validated(partial, null, e.errors()), Instant.now())));
        }
        return process(request, message)
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Request %s could not be processed", request.requestId());
                    return Uni.createFrom().completionStage(message.nack(e)).replaceWith((Message<byte[]>) null);
                })
                .toMulti();
    }

    private VideoRequest decode(Message<byte[]> message, IncomingKafkaRecordMetadata<String, byte[]> kafka) {
        String contentType = null;
        if (kafka != null && kafka.getHeaders() != null) {
            Header header = kafka.getHeaders().lastHeader(RequestDecoder.CONTENT_TYPE_HEADER);
            contentType = header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
        try {
            return withFallbacks(decoder.decode(message.getPayload(), contentType), kafka);
        } catch (MalformedRequestException e) {
            throw new MalformedRequestException(withFallbacks(e.partial(), kafka), e.errors());
        }
    }

    private Uni<Message<byte[]>> process(VideoRequest received, Message<byte[]> message) {
        String id = received.requestId();
        Validated validation = validator.validate(received);
        if (!validation.ok()) {
            LOG.infof("Request %s refused before any upstream call: %s", id, validation.summary());
            return Uni.createFrom().item(outcome(message, TaskEventFactory.invalid(received, validation, Instant.now())));
        }
        VideoRequest request = validation.request();
        VideoProvider upstream = providers.provider(validation.model().provider());
        if (upstream == null) {
            return Uni.createFrom().item(outcome(message, TaskEventFactory.submitFailed(request,
                    validation.model().provider(), FailureReason.internal_error, "provider "
                            + validation.model().provider() + " of model " + request.model() + " is not configured",
                    null, true, Instant.now())));
        }
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

    @SuppressWarnings("unchecked")
    private static IncomingKafkaRecordMetadata<String, byte[]> kafkaMetadata(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    }

    /** The record key stands in for a missing request id, and the record time for a missing request time. */
    private static VideoRequest withFallbacks(VideoRequest request, IncomingKafkaRecordMetadata<String, byte[]> kafka) {
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
