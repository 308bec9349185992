package io.reelay.intake.decode;

import java.util.Locale;

import org.apache.kafka.common.serialization.Deserializer;

import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.Topics;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;

/**
 * Turns a record from video.requests into a request, or says why it cannot. Avro is the default (single-object
 * encoding, or in registry mode also the schema registry's wire format); a {@code content-type: application/json}
 * header marks a JSON request.
 */
public class RequestDecoder {

    /** The record header that names the value's format. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String JSON = "application/json";
    public static final String AVRO = "application/avro";

    private final Deserializer<VideoRequested> avro;
    private final String avroFormats;
    private final JsonRequestReader json;

    /**
     * Reads Avro requests in the wire format(s) of {@code serdes}, JSON within the {@link IntakeLimits} and strings
     * long enough for the longest prompt and data: URL {@code validation} accepts.
     */
    public RequestDecoder(EventSerdes serdes, ReelayConfig.Validation validation) {
        this.avro = serdes.of(VideoRequested.class).deserializer();
        this.avroFormats = serdes.registryClient().isPresent()
                ? "Avro in the schema registry's wire format or in single-object encoding"
                : "Avro single-object encoding";
        IntakeLimits limits = IntakeLimits.DEFAULTS;
        this.json = new JsonRequestReader(limits,
                limits.maxStringLength(validation.maxPromptLength(), validation.maxDataUrlLength()));
    }

    /**
     * @param contentType the record's content-type header, or null (Avro)
     * @throws UndecodableRequestException when the bytes are not a readable request
     * @throws MalformedRequestException when a JSON request names itself but has ill-typed fields
     * @throws SchemaRegistryUnavailableException when the request's schema is needed and the registry does not answer
     */
    public VideoRequest decode(byte[] value, String contentType) {
        if (value == null || value.length == 0) {
            throw new UndecodableRequestException("empty record value");
        }
        String type = contentType == null ? AVRO : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(JSON)) {
            return json.read(value);
        }
        if (!type.equals(AVRO) && !type.equals("avro/binary")) {
            throw new UndecodableRequestException("unsupported content-type \"" + Echo.quote(contentType) + "\" (use "
                    + JSON + ", or " + AVRO + " which is the default)");
        }
        try {
            return RequestMapper.toDomain(avro.deserialize(Topics.REQUESTS, value));
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // An Avro length prefix larger than the record fails the allocation it asks for: the record is at fault.
            throw new UndecodableRequestException("not a readable request (" + Echo.truncate(String.valueOf(
                    e.getMessage()), 120) + "; expected " + avroFormats + ", or a " + CONTENT_TYPE_HEADER + ": "
                    + JSON + " header for JSON)", e);
        }
    }
}
