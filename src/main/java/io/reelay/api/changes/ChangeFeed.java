package io.reelay.api.changes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.InternalKey;
import io.reelay.kafka.TaskSignatures;
import io.reelay.kafka.Topics;
import io.reelay.lifecycle.query.ChangeDecoder;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Every request's changes, as this instance reads them: a consumer of its own (no group: every instance reads every
 * partition) of video.tasks, video.completed and video.failed, from their ends at the time the first subscriber came,
 * each record decoded into a change and handed to the {@link ChangeBroadcaster}. Started by the first subscriber, so an
 * instance nobody watches reads nothing.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    static final List<String> TOPICS = List.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED);

    @Inject
    ReelayConfig reelay;
    @Inject
    EventSerdes serdes;
    @Inject
    InternalKey key;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private ChangeBroadcaster broadcaster;
    private KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;

    /** The broadcaster, the feed started (once). */
    public synchronized ChangeBroadcaster started() {
        if (broadcaster == null) {
            broadcaster = new ChangeBroadcaster(reelay.api().changes().buffer(), reelay.api().changes().owners());
        }
        if (!running) {
            running = true;
            KafkaConsumer<String, byte[]> reader = consumer();
            consumer = reader;
            ChangeDecoder decoder = new ChangeDecoder(serdes, new TaskSignatures(key));
            Thread thread = new Thread(() -> read(decoder, reader), "reelay-changes");
            thread.setDaemon(true);
            thread.start();
        }
        return broadcaster;
    }

    private void read(ChangeDecoder decoder, KafkaConsumer<String, byte[]> consumer) {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            while (running && partitions.isEmpty()) {
                for (String topic : TOPICS) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(10))
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                if (partitions.isEmpty()) {
                    Thread.sleep(1000); // the topics are not created yet
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    decoder.decode(r.topic(), r.key(), r.headers(), r.value()).ifPresent(broadcaster::publish);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "The change feed stopped; the next subscriber starts it again");
        } finally {
            synchronized (this) {
                if (this.consumer == consumer) {
                    running = false;
                }
            }
            consumer.close();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (running) {
                running = false;
                consumer.wakeup();
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        Set<String> names = ConsumerConfig.configNames();
        kafka.forEach((k, v) -> {
            if (names.contains(k)) {
                config.put(k, v);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelay-changes");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
