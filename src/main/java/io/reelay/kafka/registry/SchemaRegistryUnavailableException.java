package io.reelay.kafka.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not be reached, or kept failing, for longer than its timeout, while registering a schema
 * (at start-up, or on the first write of a type to a topic). Unlike a
 * {@link org.apache.kafka.common.errors.SerializationException}, the record is not at fault: it can be written once
 * the registry is back, so it must not be skipped or dead-lettered. Reading never throws this: a schema id not known
 * yet is a {@link SchemaNotYetAvailableException}, and the lookup goes on in the background.
 */
public class SchemaRegistryUnavailableException extends KafkaException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True if this exception, or one of its causes, is a {@link SchemaRegistryUnavailableException}. */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
