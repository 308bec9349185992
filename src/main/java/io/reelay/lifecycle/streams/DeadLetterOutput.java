package io.reelay.lifecycle.streams;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.reelay.kafka.DeadLetters;
import io.reelay.kafka.DeadLetters.Code;
import io.reelay.kafka.RecordLimits;

/**
 * Builds the dead letter of a record: its key and value as read, its headers, and why, all within the record size
 * limit. A key or value that would not fit is cut, and the letter carries the original's SHA-256 and size, so the
 * producer can still match it with what it sent.
 */
final class DeadLetterOutput {

    /** On video.rerouted: the partition and offset the record had on the topic its producer wrote it to. */
    static final String ORIGIN_PARTITION = "reelay-origin-partition";
    static final String ORIGIN_OFFSET = "reelay-origin-offset";

    private DeadLetterOutput() {
    }

    /** Where a record's producer put it: for a record Reelay moved or parked first, where it was before. */
    record Origin(String topic, int partition, long offset) {

        /** The origin of the record being read now: its own position, or the one a move kept in its headers. */
        static Origin of(Optional<RecordMetadata> read, Headers headers) {
            if (read.isEmpty()) {
                return null;
            }
            RecordMetadata m = read.get();
            Header from = headers == null ? null : headers.lastHeader(Inputs.REROUTED_FROM);
            Header partition = headers == null ? null : headers.lastHeader(ORIGIN_PARTITION);
            Header offset = headers == null ? null : headers.lastHeader(ORIGIN_OFFSET);
            if (io.reelay.kafka.Topics.REROUTED.equals(m.topic()) && from != null && partition != null
                    && offset != null) {
                try {
                    return new Origin(RecordLimits.cut(new String(from.value(), StandardCharsets.UTF_8), 64),
                            Integer.parseInt(new String(partition.value(), StandardCharsets.UTF_8)),
                            Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8)));
                } catch (RuntimeException malformed) {
                    return new Origin(m.topic(), m.partition(), m.offset());
                }
            }
            return new Origin(m.topic(), m.partition(), m.offset());
        }
    }

    static Record<Object, Object> letter(Record<String, byte[]> record, Origin origin, Code code,
            String reason, Throwable cause, long now) {
        Headers headers = new RecordHeaders();
        copyHeaders(record.headers(), headers);
        add(headers, DeadLetters.CODE, code.name());
        add(headers, DeadLetters.REASON, RecordLimits.cut(reason == null ? code.name() : reason,
                DeadLetters.MAX_REASON_CHARS));
        if (cause != null) {
            add(headers, DeadLetters.CAUSE, RecordLimits.cut(cause.getClass().getName(), 200));
        }
        if (origin != null) {
            add(headers, DeadLetters.TOPIC, origin.topic());
            add(headers, DeadLetters.PARTITION, Integer.toString(origin.partition()));
            add(headers, DeadLetters.OFFSET, Long.toString(origin.offset()));
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        if (key != null && key.length > RecordLimits.MAX_KEY_BYTES) {
            add(headers, DeadLetters.KEY_SHA256, RecordLimits.sha256Hex(key));
            add(headers, DeadLetters.KEY_SIZE, Integer.toString(key.length));
            key = RecordLimits.cut(key, RecordLimits.MAX_KEY_BYTES);
        }
        byte[] value = record.value();
        int room = RecordLimits.MAX_VALUE_BYTES - RecordLimits.MAX_COPIED_HEADER_BYTES - 4096;
        if (value != null && value.length > room) {
            add(headers, DeadLetters.VALUE_SHA256, RecordLimits.sha256Hex(value));
            add(headers, DeadLetters.VALUE_SIZE, Integer.toString(value.length));
            value = RecordLimits.cut(value, room);
        }
        return new Record<>(key, value, now, headers);
    }

    /** The original headers, as far as they fit, without any that would pass for one of the letter's own. */
    private static void copyHeaders(Headers from, Headers to) {
        if (from == null) {
            return;
        }
        int budget = RecordLimits.MAX_COPIED_HEADER_BYTES;
        for (Header h : from) {
            if (h.key() == null || h.key().startsWith("dead-letter-") || h.key().equals(ORIGIN_PARTITION)
                    || h.key().equals(ORIGIN_OFFSET) || h.key().equals(Inputs.REROUTED_FROM)) {
                continue;
            }
            int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (size > budget) {
                continue;
            }
            budget -= size;
            to.add(h.key(), h.value());
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
