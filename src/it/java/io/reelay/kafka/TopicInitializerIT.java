package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.testing.broker.EmbeddedKafkaBroker;

/** Reelay started against an empty broker creates its topics, and leaves existing ones alone. */
class TopicInitializerIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void createsEveryMissingTopicWithTheConfiguredPartitionsAndKeepsExistingOnes() throws Exception {
        broker.createTopics(java.util.List.of(Topics.REQUESTS), 2);
        Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "health.enabled", "true"); // a Quarkus-only key, as in the application's kafka.* map

        var created = TopicInitializer.createMissing(config(4), kafka);

        assertThat(created).containsExactlyInAnyOrder(Topics.CANCELLATIONS, Topics.TASKS, Topics.COMPLETED, Topics.FAILED,
                Topics.REQUESTS_DLQ, Topics.REROUTED, Topics.CATALOG, Topics.WEBHOOKS, Topics.WEBHOOKS_DEAD, Topics.LEDGER,
                Topics.DURATIONS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.REQUESTS).partitions()).hasSize(2);
            assertThat(topics.get(Topics.TASKS).partitions()).hasSize(4);
            assertThat(topics.get(Topics.FAILED).partitions()).hasSize(4);
            // The shared catalog is one compacted partition, whatever the configured count (every instance reads all).
            assertThat(topics.get(Topics.CATALOG).partitions()).hasSize(1);
            // The shared durations likewise: every instance reads all of them into its global store.
            assertThat(topics.get(Topics.DURATIONS).partitions()).hasSize(1);
            assertThat(topics.get(Topics.WEBHOOKS).partitions()).hasSize(4);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.WEBHOOKS);
            assertThat(admin.describeConfigs(java.util.List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value()).as("delivery state is compacted").isEqualTo("compact");
            var ledger = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.LEDGER);
            assertThat(admin.describeConfigs(java.util.List.of(ledger)).all().get(10, TimeUnit.SECONDS).get(ledger)
                    .get("retention.ms").value()).as("the ledger is kept 400 days").isEqualTo("34560000000");
        }
        assertThat(TopicInitializer.createMissing(config(4), kafka)).as("a second start creates nothing").isEmpty();
    }

    private static ReelayConfig.Topics config(int partitions) {
        return TestConfig.defaults().set(c -> c.topics().partitions(), partitions).topics();
    }
}
