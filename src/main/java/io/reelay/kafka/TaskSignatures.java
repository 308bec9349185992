package io.reelay.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs and checks the records on video.tasks. That topic is Reelay's own command channel (an intent there leads
 * to a paid call; a {@code created} event there moves a request on), so a record counts only if it carries the
 * HMAC of its value under the instances' shared key. The value names its request, and the tracker checks that
 * against the key, so signing the value binds both.
 */
public final class TaskSignatures {

    /** The header holding the value's signature. */
    public static final String HEADER = "reelay-signature";
    private static final String PURPOSE = Topics.TASKS;

    private final InternalKey key;

    public TaskSignatures(InternalKey key) {
        this.key = key;
    }

    /** Replaces any signature in {@code headers} with that of {@code value}. */
    public void sign(Headers headers, byte[] value) {
        headers.remove(HEADER);
        headers.add(HEADER, key.sign(PURPOSE, value).getBytes(StandardCharsets.US_ASCII));
    }

    /** True when {@code headers} hold exactly one signature, and it is that of {@code value}. */
    public boolean verify(Headers headers, byte[] value) {
        if (headers == null || value == null) {
            return false;
        }
        Header found = null;
        for (Header h : headers.headers(HEADER)) {
            if (found != null) {
                return false; // two signatures: someone added one
            }
            found = h;
        }
        if (found == null || found.value() == null || found.value().length > 64) {
            return false;
        }
        return key.verify(new String(found.value(), StandardCharsets.US_ASCII), PURPOSE, value);
    }

    /** {@code inner}, signing every value it writes (Kafka hands serializers the record's headers). */
    public <T> Serializer<T> signing(Serializer<T> inner) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                throw new UnsupportedOperationException("video.tasks records are signed in their headers");
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                byte[] bytes = inner.serialize(topic, headers, data);
                if (bytes != null) {
                    sign(headers, bytes);
                }
                return bytes;
            }
        };
    }
}
