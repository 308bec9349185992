package io.reelay.messaging.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry could not be reached, or kept failing, for longer than its timeout. Unlike a
 * {@link org.apache.kafka.common.errors.SerializationException}, the record is not at fault: it can be read or
 * written once the registry is back, so it must not be skipped or dead-lettered.
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
