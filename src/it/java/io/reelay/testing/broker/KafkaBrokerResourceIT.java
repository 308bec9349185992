package io.reelay.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.kafka.Topics;

@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class KafkaBrokerResourceIT {

    @Test
    void applicationIsConfiguredForTheResourceBroker() {
        var config = ConfigProvider.getConfig();

        assertThat(config.getValue("kafka.bootstrap.servers", String.class))
                .isEqualTo(KafkaBrokerResource.bootstrapServers());
        assertThat(config.getValue("quarkus.kafka-streams.bootstrap-servers", String.class))
                .isEqualTo(KafkaBrokerResource.bootstrapServers());
        Path stateDir = Path.of(config.getValue("kafka-streams.state.dir", String.class));
        assertThat(stateDir).isDirectory();
        assertThat(stateDir.getFileName().toString()).startsWith("reelay-streams-state-");
    }

    @Test
    void everyReelayTopicExistsWithThreePartitionsButThoseEveryInstanceReadsWhole() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();

            assertThat(topics).containsOnlyKeys(Topics.ALL);
            // As the service creates them (TopicInitializer): video.catalog and video.durations have one partition.
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).as(topic.name())
                    .hasSize(Topics.OWN_PARTITIONS.getOrDefault(topic.name(), 3)));
            assertThat(topics.get(Topics.DURATIONS).partitions()).hasSize(1);
        }
    }
}
