package io.reelay.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Who owns a request: the HTTP API client that posted it. The API writes the owner in two headers, the name and the
 * instances' key's signature of (request id, name); the tracker keeps a correctly signed owner in the request's
 * metadata under {@link #METADATA_KEY}, and drops every {@code reelay:} key a producer wrote itself, so that no
 * Kafka producer can claim a request for an API client.
 */
public final class RequestOwners {

    public static final String HEADER = "reelay-owner";
    public static final String SIGNATURE_HEADER = "reelay-owner-sig";
    public static final String PURPOSE = "owner";
    /** Metadata keys with this prefix are Reelay's own. */
    public static final String RESERVED_PREFIX = "reelay:";
    public static final String METADATA_KEY = RESERVED_PREFIX + "owner";
    /**
     * Set by validation when a retired model's request goes to its replacement (naming the model asked for); kept only
     * on accepted requests, whose validation drops a producer's own entry of this key.
     */
    public static final String SUBSTITUTED_FOR = RESERVED_PREFIX + "substituted-for";
    private static final int MAX_NAME = 100;

    private final InternalKey key;

    public RequestOwners(InternalKey key) {
        this.key = key;
    }

    /** The signed owner in {@code headers}, or null when there is none or its signature does not hold. */
    public String owner(Headers headers, String requestId) {
        String owner = text(headers, HEADER);
        String signature = text(headers, SIGNATURE_HEADER);
        if (owner == null || signature == null || owner.isEmpty() || owner.length() > MAX_NAME) {
            return null;
        }
        return key.verify(signature, PURPOSE, requestId, owner) ? owner : null;
    }

    /** {@code metadata} without Reelay's reserved keys, with {@code owner} when there is one. */
    public static Map<String, String> withOwner(Map<String, String> metadata, String owner) {
        return withOwner(metadata, owner, false);
    }

    /**
     * {@code metadata} without Reelay's reserved keys but, when {@code validated} (the metadata of a request validation
     * accepted, which sets the key itself and drops a producer's), {@link #SUBSTITUTED_FOR}; with {@code owner} when
     * there is one.
     */
    public static Map<String, String> withOwner(Map<String, String> metadata, String owner, boolean validated) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k != null && (!k.startsWith(RESERVED_PREFIX) || validated && k.equals(SUBSTITUTED_FOR))) {
                out.put(k, v);
            }
        });
        if (owner != null) {
            out.put(METADATA_KEY, owner);
        }
        return out;
    }

    private static String text(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        if (h == null || h.value() == null || h.value().length > 256) {
            return null;
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
