package io.reelay.kafka.registry;

import org.apache.kafka.common.errors.SerializationException;

import io.reelay.kafka.avro.BoundedDecoder;

/**
 * A record names a writer's schema id whose schema this instance does not have. Decoding never waits for the
 * registry: the lookup runs in the background ({@link SchemaLookups}) and the record can be read again later.
 * <ul>
 * <li>{@link #isPermanent()} false: not known yet (lookup under way, or the registry did not answer); the record is
 * fine, so park it and decode it again once {@link SchemaLookups#isKnown(int)} (or a
 * {@link SchemaLookups#onResolved listener}) says so.</li>
 * <li>{@link #isPermanent()} true: the registry says there is no such schema (or one Reelay cannot read, or the id
 * is outside any registry's range). Nothing will change for a while ({@code reelay.serialization.lookups.missing-ttl}):
 * the record is unreadable.</li>
 * </ul>
 * A {@link SerializationException}, so that code which treats every decoding failure alike stays total; catch this
 * type first to tell "later" from "never".
 */
public class SchemaNotYetAvailableException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final int schemaId;
    private final boolean permanent;

    public SchemaNotYetAvailableException(int schemaId, boolean permanent, String message) {
        super(BoundedDecoder.bounded(message));
        this.schemaId = schemaId;
        this.permanent = permanent;
    }

    /** The writer's schema id the record names. */
    public int schemaId() {
        return schemaId;
    }

    /** True if the registry said the id does not exist (or is unreadable): retrying soon will not help. */
    public boolean isPermanent() {
        return permanent;
    }

    /** Exceptions of this type carry no stack trace: they are expected, frequent during an outage, and cheap. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
