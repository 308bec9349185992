package io.reelay.messaging.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether and how Reelay creates its topics at start-up. */
@ConfigMapping(prefix = "reelay.topics")
public interface TopicsConfig {

    /** Create missing topics at start-up. Turn off where topics are managed elsewhere (e.g. Strimzi KafkaTopic). */
    @WithDefault("true")
    boolean create();

    /** Partitions of created topics; they bound how many instances share the work. */
    @WithDefault("6")
    int partitions();

    /** Replication factor of created topics; the broker's default.replication.factor when unset. */
    Optional<Short> replicationFactor();
}
