package io.reelay.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelLifecycle;
import io.reelay.catalog.Operation;
import io.reelay.kafka.Topics;

/**
 * The catalog topic: what a discovery round publishes (only changes, tombstones for models no longer named), and how
 * a reader turns the topic into the live catalog (last record of a key wins, tombstones forget, junk is skipped).
 */
class CatalogTopicTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.CATALOG, 0);

    private static DiscoveredModel retired(String id, String replacement) {
        return new DiscoveredModel("tokenlab", id, null, null, null, null, null, null, null, null,
                new ModelLifecycle("retired", null, Instant.parse("2026-09-24T00:00:00Z"), null, replacement), null,
                null);
    }

    private static DiscoveredModel added(String id) {
        return new DiscoveredModel("tokenlab", id, "x", null, null, null, Set.of(Operation.TEXT_TO_VIDEO), null,
                null, null, null, null, null);
    }

    @Test
    void aRoundPublishesOnlyWhatChangedAndForgetsWhatIsNoLongerNamed() {
        DiscoveredModel sora = retired("sora-2", "veo3.1");
        DiscoveredModel gone = added("kling-0.1");
        DiscoveredModel hubs = new DiscoveredModel("hub", "veo-3.1", null, null, null, null, null, null, null, null,
                null, null, null);
        Map<String, DiscoveredModel> onTopic = Map.of(sora.key(), sora, gone.key(), gone, hubs.key(), hubs);
        DiscoveredModel fresh = added("kling-4.0");

        List<ProducerRecord<String, byte[]>> changes = CatalogPublisher.changes("tokenlab",
                List.of(sora, fresh), Set.of("sora-2", "kling-4.0", "garbled"), onTopic);

        assertThat(changes).extracting(ProducerRecord::key).containsExactlyInAnyOrder("tokenlab/kling-4.0",
                "tokenlab/kling-0.1");
        assertThat(changes).filteredOn(r -> r.key().equals("tokenlab/kling-0.1")).singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
        assertThat(changes).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.CATALOG));
    }

    @Test
    void theReaderBuildsTheLiveCatalogFromTheTopic() throws Exception {
        LiveCatalog live = new LiveCatalog(ModelCatalog.load());
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updatePartitions(Topics.CATALOG, List.of(new PartitionInfo(Topics.CATALOG, 0, Node.noNode(),
                new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 5L));
        CatalogTopicReader reader = new CatalogTopicReader(() -> consumer, live);
        DiscoveredModel sora = retired("sora-2", "veo3.1");
        consumer.schedulePollTask(() -> {
            add(consumer, 0, sora.key(), CatalogCodec.encode(retired("sora-2", "sora-3")).orElseThrow());
            add(consumer, 1, sora.key(), CatalogCodec.encode(sora).orElseThrow()); // the later one wins
            add(consumer, 2, "tokenlab/kling-4.0", CatalogCodec.encode(added("kling-4.0")).orElseThrow());
            add(consumer, 3, "tokenlab/veo3", "{not json".getBytes(StandardCharsets.UTF_8));
            add(consumer, 4, "tokenlab/veo3.1", CatalogCodec.encode(sora).orElseThrow()); // key names another
        });
        Thread thread = new Thread(reader);
        thread.start();

        assertThat(reader.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(reader.topicExists()).isTrue();
        ModelCatalog current = live.current();
        assertThat(current.find("tokenlab", "sora-2").orElseThrow().lifecycle().replacementModel())
                .isEqualTo("veo3.1");
        assertThat(current.find("kling-4.0")).isPresent();
        assertThat(current.find("tokenlab", "veo3.1").orElseThrow().lifecycle()).isEqualTo(ModelLifecycle.NONE);
        assertThat(reader.skipped()).isEqualTo(2);

        consumer.schedulePollTask(() -> add(consumer, 5, "tokenlab/kling-4.0", null)); // a tombstone
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> live.current().find("kling-4.0").isEmpty());
        reader.stop();
        thread.join(5_000);
        assertThat(live.current().find("tokenlab", "sora-2").orElseThrow().lifecycle().retiredAt()).isNotNull();
    }

    @Test
    void withoutTheTopicStartUpDoesNotWaitAndTheCatalogIsTheShippedOne() throws Exception {
        LiveCatalog live = new LiveCatalog(ModelCatalog.load());
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        CatalogTopicReader reader = new CatalogTopicReader(() -> consumer, live);
        Thread thread = new Thread(reader);
        thread.start();

        assertThat(reader.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(reader.topicExists()).isFalse();
        assertThat(live.current()).isSameAs(live.shipped());
        reader.stop();
        thread.interrupt();
        thread.join(5_000);
    }

    private static void add(MockConsumer<String, byte[]> consumer, long offset, String key, byte[] value) {
        consumer.addRecord(new ConsumerRecord<>(Topics.CATALOG, 0, offset, key, value));
    }
}
