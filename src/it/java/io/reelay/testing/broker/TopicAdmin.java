package io.reelay.testing.broker;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import io.reelay.kafka.Topics;

/** Creates topics with the Admin client; topics that exist already are fine. */
public final class TopicAdmin {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicAdmin() {
    }

    public static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // As the service's TopicInitializer does: the topics every instance reads whole keep their own count.
            var topics = names.stream().map(name -> new NewTopic(name,
                    Topics.OWN_PARTITIONS.getOrDefault(name, partitions), (short) 1)).toList();
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                awaitCreated(created.getKey(), created.getValue());
            }
        }
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // A re-run against a long-lived broker (or a second test resource) finds the topics there already.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic " + topic + " not created within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        }
    }
}
