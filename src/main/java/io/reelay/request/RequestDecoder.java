package io.reelay.request;

import io.reelay.events.VideoRequested;
import io.reelay.messaging.AvroSerde;
import io.reelay.request.mapping.RequestMapper;


/**
 * Turns a record from video.requests into a request, or says why it cannot. Avro (single-object
 * encoding) is the default; a {@code content-type: application/json} header marks a JSON request.
 */

public class RequestDecoder {

    /** The record header that names the value's format. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String JSON = "application/json";
    public static final String AVRO = "application/avro";

    private static final AvroSerde<VideoRequested> AVRO_SERDE = AvroSerde.of(VideoRequested.class);

    /**
     * @param contentType the record's content-type header, or null (Avro)
     * @throws UndecodableRequestException when the bytes are not a readable request
     * @throws MalformedRequestException when a JSON request names itself but has ill-typed fields
     */
    public VideoRequest decode(byte[] value, String contentType) {
        if (value == null || value.length == 0) {
            throw new UndecodableRequestException("empty record value");
        }
        String type = contentType == null ? AVRO : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (type.equals(JSON)) {
            return JsonRequestReader.read(value);
        }
        if (!type.equals(AVRO) && !type.equals("avro/binary")) {
            throw new UndecodableRequestException("unsupported content-type " + contentType + " (use " + JSON
                    + ", or " + AVRO + " which is the default)");
        }
        try {
            return RequestMapper.toDomain(AVRO_SERDE.decode(value));
        } catch (RuntimeException e) {
            throw new UndecodableRequestException(e.getMessage() + " (expected Avro single-object encoding, or a "
                    + CONTENT_TYPE_HEADER + ": " + JSON + " header for JSON)", e);
        }
    }
}
