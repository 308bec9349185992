package io.reelay.messaging.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the values of Reelay's Avro topics are written: registry-less (the default) or with a schema registry. */
@ConfigMapping(prefix = "reelay.serialization")
public interface SerializationConfig {

    /**
     * Base URL of a Confluent-compatible schema registry API: {@code http://<host>:8080/apis/ccompat/v7} for
     * Apicurio Registry, {@code http://<host>:8081} for Confluent Schema Registry. When set, values are written in
     * the Confluent wire format (a zero byte, the schema id, the Avro datum) with schemas registered under
     * {@code <topic>-value}, and records in either format are read. Unset: Avro single-object encoding, no registry.
     */
    Optional<URI> registryUrl();

    /**
     * How long one registry call may take, retries included, before Reelay gives up: at start-up (the service does
     * not start), or when a record names a schema id it has not seen (the record is not skipped: the tracker stops,
     * to read it again once restarted).
     */
    @WithDefault("PT30S")
    Duration registryTimeout();
}
