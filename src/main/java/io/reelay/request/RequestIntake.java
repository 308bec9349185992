package io.reelay.request;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.reelay.messaging.EventSerdes;
import io.reelay.messaging.registry.SchemaRegistryUnavailableException;
import io.reelay.request.validation.RequestValidator;
import io.reelay.request.validation.Validated;

/**
 * What a record of video.requests amounts to: unreadable (dead-letter it), refused (fail it with
 * field errors), or a valid request ready to submit. Pure: no I/O.
 */
public final class RequestIntake {

    /** The outcome of reading one record. */
    public sealed interface Outcome permits Undecodable, Refused, Accepted {
    }

    /** Not a request at all: goes to the dead-letter topic with {@code reason}. */
    public record Undecodable(String reason, Throwable cause) implements Outcome {
    }

    /** A request, identified, that breaks rules: ends in invalid_request. */
    public record Refused(VideoRequest request, Validated validation) implements Outcome {
    }

    /** A valid request, completed (operation explicit, model defaults applied). */
    public record Accepted(Validated validation) implements Outcome {
        public VideoRequest request() {
            return validation.request();
        }
    }

    private final RequestDecoder decoder;
    private final RequestValidator validator;

    /** Reads Avro requests in single-object encoding. */
    public RequestIntake(RequestValidator validator) {
        this(validator, EventSerdes.singleObject());
    }

    /** Reads Avro requests in the wire format(s) of {@code serdes}. */
    public RequestIntake(RequestValidator validator, EventSerdes serdes) {
        this.validator = validator;
        this.decoder = new RequestDecoder(serdes);
    }

    /**
     * @param key the record key (stands in for a missing request_id)
     * @param recordTime the record timestamp (stands in for a missing requested_at)
     * @throws SchemaRegistryUnavailableException when the record needs the schema registry and it does not answer:
     *     the record is not at fault, so it is neither refused nor dead-lettered
     */
    public Outcome read(String key, byte[] value, Headers headers, Instant recordTime) {
        VideoRequest request;
        try {
            request = identify(decoder.decode(value, contentType(headers)), key, recordTime);
        } catch (UndecodableRequestException e) {
            return new Undecodable(e.getMessage(), e);
        } catch (MalformedRequestException e) {
            try {
                VideoRequest partial = identify(e.partial(), key, recordTime);
                return new Refused(partial, new Validated(partial, null, e.errors()));
            } catch (UndecodableRequestException noId) {
                return new Undecodable(e.getMessage(), e);
            }
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Undecodable(e.getMessage(), e);
        }
        Validated validation = validator.validate(request);
        return validation.ok() ? new Accepted(validation) : new Refused(request, validation);
    }

    /**
     * Validates a request again, as it is about to be paid for: an intent read back, resumed after a crash or
     * retried is checked against today's catalog and URL policy like a new request.
     */
    public Validated revalidate(VideoRequest request) {
        return validator.validate(request);
    }

    private static String contentType(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(RequestDecoder.CONTENT_TYPE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static VideoRequest identify(VideoRequest request, String key, Instant recordTime) {
        String id = request.requestId();
        if (id == null || id.isBlank()) {
            id = key;
            if (id == null || id.isBlank()) {
                throw new UndecodableRequestException("request_id is empty and the record has no key");
            }
        }
        return request.withIdentity(id, request.requestedAt() != null ? request.requestedAt() : recordTime);
    }
}
