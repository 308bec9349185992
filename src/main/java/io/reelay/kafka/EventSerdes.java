package io.reelay.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaLookups;
import io.reelay.kafka.registry.SchemaRegistryClient;
import io.reelay.kafka.avro.AvroLimits;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.avro.PublishedSchemas;

/**
 * The value serdes of Reelay's Avro topics, in one of two wire formats chosen by configuration
 * ({@code reelay.serialization.registry-url}):
 * <ul>
 * <li>{@link #singleObject()}, the default: Avro single-object encoding ({@link AvroSerde}), no registry needed;</li>
 * <li>{@link #registry(SchemaRegistryClient)}: the Confluent wire format with schema ids from a Confluent-compatible
 * schema registry ({@link RegistryAvroSerde}); single-object records are still read.</li>
 * </ul>
 * The state stores and their changelogs are not covered: they stay in single-object encoding in both modes (see
 * {@code TaskTrackerSupplier}).
 *
 * <p>Every deserializer here is bounded (no allocation beyond the record's bytes) and ends in a record or a
 * {@link org.apache.kafka.common.errors.SerializationException}; in registry mode, a record whose writer's schema is
 * not known yet throws {@link io.reelay.kafka.registry.SchemaNotYetAvailableException} without waiting: see
 * {@link #schemaLookups()}.
 */
public final class EventSerdes {

    static {
        AvroLimits.apply();
    }

    private static final EventSerdes SINGLE_OBJECT = new EventSerdes(null);

    private final SchemaRegistryClient registry;
    private final Map<Class<?>, Serde<?>> serdes = new ConcurrentHashMap<>();

    private EventSerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Registry-less: Avro single-object encoding, as every Reelay version before registry mode wrote. */
    public static EventSerdes singleObject() {
        return SINGLE_OBJECT;
    }

    /** Registry mode: the Confluent wire format, schemas registered under {@code <topic>-value}. */
    public static EventSerdes registry(SchemaRegistryClient registry) {
        return new EventSerdes(registry);
    }

    /** The value serde for records of this generated class; the topic is the one the serializer is called with. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return (Serde<T>) serdes.computeIfAbsent(type,
                t -> registry == null ? AvroSerde.of(type) : RegistryAvroSerde.of(type, registry));
    }

    /** The registry, in registry mode. */
    public Optional<SchemaRegistryClient> registryClient() {
        return Optional.ofNullable(registry);
    }

    /**
     * In registry mode, the background lookups of writer schemas: whether an id is known now, and a listener called
     * when a lookup ends, for records parked on a {@link io.reelay.kafka.registry.SchemaNotYetAvailableException}.
     */
    public Optional<SchemaLookups> schemaLookups() {
        return registryClient().map(SchemaRegistryClient::lookups);
    }

    /**
     * In registry mode, registers the schema of each of these topics' value types under the topic's subject now,
     * so that an unreachable registry or a schema its compatibility policy refuses stops the service at start-up,
     * and writing (and reading back) Reelay's own records never waits for the registry. Nothing in the default mode.
     */
    public void registerSchemas(Collection<String> topics) {
        if (registry == null) {
            return;
        }
        for (String topic : topics) {
            Class<? extends SpecificRecord> type = Topics.VALUE_TYPES.get(topic);
            if (type == null) {
                throw new IllegalArgumentException(topic + " has no Avro value type");
            }
            registry.register(RegistryAvroSerde.subject(topic), PublishedSchemas.of(type));
        }
    }

    @Override
    public String toString() {
        return registry == null ? "Avro single-object encoding (no schema registry)"
                : "Confluent wire format, schemas in the registry at " + registry.baseUrl();
    }
}
