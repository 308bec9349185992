package io.reelay.catalog.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.kafka.Topics;

/**
 * Reads the catalog topic whole, from its beginning, and then follows it, handing every change to the
 * {@link LiveCatalog}. A plain assigned consumer, no group: every instance reads every record. A record that is not a
 * catalog entry (wrong key, unreadable value) is skipped and counted; a tombstone forgets its model.
 */
public final class CatalogTopicReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(CatalogTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * Once read to its end: a record still ends the wait at once and {@link #stop()} wakes it, so a long wait costs
     * nothing but an idle instance's empty wake-ups (the catalog changes a few times a day).
     */
    private static final Duration FOLLOW = Duration.ofSeconds(5);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final LiveCatalog live;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean topicSeen = new AtomicBoolean();
    private volatile Consumer<String, byte[]> consumer;
    private volatile long skipped;

    public CatalogTopicReader(Supplier<Consumer<String, byte[]>> consumers, LiveCatalog live) {
        this.consumers = consumers;
        this.live = live;
    }

    /** Waits up to {@code wait} for the topic to be read to its end (or found absent, so empty). */
    public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        return caughtUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the topic exists: entries are published only then (a producer must not create it unconfigured). */
    public boolean topicExists() {
        return topicSeen.get();
    }

    /** Records skipped so far. */
    public long skipped() {
        return skipped;
    }

    public void stop() {
        running.set(false);
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try (Consumer<String, byte[]> c = consumers.get()) {
            consumer = c;
            if (!running.get()) {
                return;
            }
            List<TopicPartition> partitions = partitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = c.poll(caughtUp.getCount() > 0 ? POLL : FOLLOW);
                apply(records);
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    LOG.infof("Catalog topic read: %d discovered entries in force", live.discovered().size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // stopped
        } catch (RuntimeException e) {
            LOG.errorf("Catalog topic no longer read (%s): the catalog stays as it is until a restart",
                    e.getMessage());
        } finally {
            caughtUp.countDown();
        }
    }

    /** The topic's partitions; until it exists the catalog is the shipped one, and start-up need not wait. */
    private List<TopicPartition> partitions(Consumer<String, byte[]> c) {
        while (running.get()) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(Topics.CATALOG);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = null; // the broker did not answer: the same as no topic yet
            }
            if (infos != null && !infos.isEmpty()) {
                topicSeen.set(true);
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            caughtUp.countDown(); // nothing to read yet
            try {
                Thread.sleep(TOPIC_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** Applies one batch; the last record of a key wins. */
    void apply(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Map<String, Optional<DiscoveredModel>> changes = new LinkedHashMap<>();
        Map<String, Integer> bad = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String key = record.key();
            if (key == null || key.length() > 256) {
                bad.merge("key", 1, Integer::sum);
                continue;
            }
            if (record.value() == null) {
                changes.put(key, Optional.empty());
                continue;
            }
            Optional<DiscoveredModel> model = CatalogCodec.decode(key, record.value());
            if (model.isEmpty()) {
                bad.merge("value", 1, Integer::sum);
                continue;
            }
            changes.put(key, model);
        }
        if (!bad.isEmpty()) {
            skipped += bad.values().stream().mapToInt(Integer::intValue).sum();
            LOG.warnf("Catalog topic: skipped records that are no catalog entries %s", bad);
        }
        live.apply(changes);
    }
}
