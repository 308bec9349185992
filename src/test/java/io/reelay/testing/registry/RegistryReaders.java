package io.reelay.testing.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;

import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaNotYetAvailableException;

/**
 * A consumer's read in registry mode: a schema id the reader's client has not seen is looked up in the background
 * (the decode says "not yet" at once), so a reader that wants the record waits for the lookup, as a consumer would.
 */
public final class RegistryReaders {

    private RegistryReaders() {
    }

    public static <T extends SpecificRecord> T decode(RegistryAvroSerde<T> serde, String topic, byte[] bytes) {
        AtomicReference<T> read = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .ignoreException(SchemaNotYetAvailableException.class)
                .until(() -> {
                    read.set(serde.decode(topic, bytes));
                    return true;
                });
        return read.get();
    }
}
