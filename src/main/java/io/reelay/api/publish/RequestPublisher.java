package io.reelay.api.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.reelay.events.VideoCancelRequested;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.InternalKey;
import io.reelay.kafka.Topics;
import io.reelay.intake.decode.RequestDecoder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes what arrives over HTTP to the same topics Kafka producers write, keyed by request id (so the
 * tracker's co-partitioning holds). Each send completes when the broker has the record (acks=all).
 * <p>
 * A request carries its owner, the API client that posted it, in two headers: {@value #OWNER_HEADER} (the client
 * name) and {@value #OWNER_SIGNATURE_HEADER} (the instances' shared key's signature of request id and name, purpose
 * {@value #OWNER_PURPOSE}). The tracker keeps a correctly signed owner in the request's metadata under
 * {@code reelay:owner}; a producer on Kafka cannot forge it, not holding the key.
 */
@ApplicationScoped
public class RequestPublisher {

    /** Reactive Messaging channel producing to video.requests. */
    public static final String REQUESTS_CHANNEL = "api-requests";
    /** Reactive Messaging channel producing to video.cancellations. */
    public static final String CANCELLATIONS_CHANNEL = "api-cancellations";

    /** The client that posted the request. */
    public static final String OWNER_HEADER = io.reelay.kafka.RequestOwners.HEADER;
    /** {@code internalKey.sign("owner", requestId, owner)}. */
    public static final String OWNER_SIGNATURE_HEADER = io.reelay.kafka.RequestOwners.SIGNATURE_HEADER;
    public static final String OWNER_PURPOSE = io.reelay.kafka.RequestOwners.PURPOSE;

    private final MutinyEmitter<byte[]> requests;
    private final MutinyEmitter<byte[]> cancellations;
    private final Serializer<VideoCancelRequested> cancels;
    private final InternalKey key;

    RequestPublisher(@Channel(REQUESTS_CHANNEL) MutinyEmitter<byte[]> requests,
            @Channel(CANCELLATIONS_CHANNEL) MutinyEmitter<byte[]> cancellations, EventSerdes serdes, InternalKey key) {
        this.key = key;
        this.requests = requests;
        this.cancellations = cancellations;
        this.cancels = serdes.of(VideoCancelRequested.class).serializer();
    }

    /**
     * A JSON request exactly as it was posted (the tracker reads it as a JSON producer's record), with its owner.
     */
    public Uni<Void> request(String requestId, byte[] json, String owner) {
        RecordHeaders headers = ownerHeaders(key, requestId, owner);
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        return requests.sendMessage(Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(requestId).withHeaders(headers).build()));
    }

    /** The owner headers of a request (also what a test of the tracker's side of the contract writes). */
    public static RecordHeaders ownerHeaders(InternalKey key, String requestId, String owner) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(OWNER_HEADER, owner.getBytes(StandardCharsets.UTF_8));
        headers.add(OWNER_SIGNATURE_HEADER,
                key.sign(OWNER_PURPOSE, requestId, owner).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public Uni<Void> cancel(String requestId, String reason, Instant at) {
        VideoCancelRequested cancel = VideoCancelRequested.newBuilder()
                .setRequestId(requestId).setReason(reason).setRequestedAt(at).build();
        // In the configured wire format, as a Kafka producer writes it; in registry mode the first one may ask the
        // registry for its schema id, so off the event loop.
        return Uni.createFrom().item(() -> cancels.serialize(Topics.CANCELLATIONS, cancel))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(value -> cancellations.sendMessage(Message.of(value)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(requestId).build())));
    }
}
