package io.reelay.kafka;

import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.registry.SchemaRegistryClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Picks the wire format of the Avro topics from the configuration. */
@ApplicationScoped
public class EventSerdesProducer {

    private static final Logger LOG = Logger.getLogger(EventSerdesProducer.class);

    @Produces
    @Singleton
    EventSerdes eventSerdes(ReelayConfig reelay) {
        ReelayConfig.Serialization config = reelay.serialization();
        EventSerdes serdes = config.registryUrl()
                .map(url -> EventSerdes.registry(new SchemaRegistryClient(url, config.registryTimeout(),
                        config.lookups())))
                .orElse(EventSerdes.singleObject());
        // An unreachable registry, or one whose compatibility policy refuses our schemas, stops the start-up here.
        serdes.registerSchemas(Topics.AVRO_OUTPUTS);
        LOG.infof("Avro topics: %s", serdes);
        return serdes;
    }
}
