package io.reelay.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.reelay.config.ReelayConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Creates Reelay's topics when they are missing, in the background: the tracker waits for its
 * topics, and the submitter subscribes to a topic that may appear later, so start-up need not block.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    void onStart(@Observes StartupEvent event, ReelayConfig reelay,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        ReelayConfig.Topics config = reelay.topics();
        if (!config.create()) {
            return;
        }
        Uni.createFrom().item(() -> createMissing(config, kafka))
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(e -> LOG.warnf("Topics not checked yet, retrying: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(20)
                .subscribe().with(created -> {
                    if (!created.isEmpty()) {
                        LOG.infof("Created topics %s", created);
                    }
                }, e -> LOG.errorf("Could not create Reelay's topics: %s", e.getMessage()));
    }

    /** Creates the topics of {@link Topics#ALL} that do not exist; returns the names it created. */
    static Set<String> createMissing(ReelayConfig.Topics config, Map<String, Object> kafka) {
        // The application's kafka.* settings (bootstrap, security) apply to the admin client too.
        Map<String, Object> adminConfig = new java.util.HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(Topics.OWN_PARTITIONS.getOrDefault(t, config.partitions())),
                            config.replicationFactor()).configs(Topics.OWN_CONFIG.getOrDefault(t, Map.of())))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).collect(java.util.stream.Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
