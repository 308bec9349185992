package io.reelay.request;

import io.reelay.events.VideoRequested;
import io.reelay.messaging.AvroSerde;
import io.reelay.request.mapping.RequestMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a record from video.requests into a request, or says why it cannot. Avro in single-object
 * encoding is the format.
 */
@ApplicationScoped
public class RequestDecoder {

    private static final AvroSerde<VideoRequested> AVRO = AvroSerde.of(VideoRequested.class);

    /**
     * @throws UndecodableRequestException when the bytes are not a readable request
     */
    public VideoRequest decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UndecodableRequestException("empty record value");
        }
        VideoRequested event;
        try {
            event = AVRO.decode(value);
        } catch (RuntimeException e) {
            throw new UndecodableRequestException(e.getMessage() + " (expected Avro single-object encoding)", e);
        }
        return RequestMapper.toDomain(event);
    }
}
