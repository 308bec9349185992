package io.reelay.lifecycle.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

import io.reelay.kafka.Topics;

/**
 * The partition count of video.requests, asked of the broker once and then kept: the topics the tracker reads are
 * co-partitioned (Kafka Streams checks that at start-up), and a count that changed under a running application
 * would break that check anyway. 0 until known; a failed look-up is tried again at most every few seconds.
 */
final class InputPartitions implements IntSupplier {

    private static final Logger LOG = Logger.getLogger(InputPartitions.class);
    private static final long RETRY_MS = 5_000;

    private final Map<String, Object> adminConfig;
    private volatile int partitions;
    private volatile long nextTry;

    InputPartitions(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        this.adminConfig = config;
    }

    @Override
    public int getAsInt() {
        int known = partitions;
        if (known > 0 || System.currentTimeMillis() < nextTry) {
            return known;
        }
        synchronized (this) {
            if (partitions == 0 && System.currentTimeMillis() >= nextTry) {
                partitions = lookUp();
                nextTry = System.currentTimeMillis() + RETRY_MS;
            }
            return partitions;
        }
    }

    private int lookUp() {
        try (Admin admin = Admin.create(adminConfig)) {
            int count = admin.describeTopics(List.of(Topics.REQUESTS)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(Topics.REQUESTS).partitions().size();
            LOG.infof("%s has %d partitions: records a producer puts on another than murmur2(key) picks are moved there",
                    Topics.REQUESTS, count);
            return count;
        } catch (Exception e) {
            LOG.warnf("The partition count of %s is not known yet (%s): records are taken where they are until it is",
                    Topics.REQUESTS, e.getMessage());
            return 0;
        }
    }
}
