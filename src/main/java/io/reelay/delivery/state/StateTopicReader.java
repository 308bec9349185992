package io.reelay.delivery.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the whole state topic, from its start and then as it grows, into the {@link DeliveryStore}; each pending
 * state newer than the one held is handed on (to the dispatcher, which runs it when this instance owns its request).
 * Every instance reads every partition, without a consumer group: any instance can show any request's deliveries.
 */
public final class StateTopicReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(StateTopicReader.class);
    /** A poll's wait while catching up: the worker starts once caught up, so this is noticed soon. */
    static final Duration CATCHING_UP = Duration.ofMillis(200);
    /**
     * A poll's wait once caught up: a record ends it at once, so it adds no latency; each wake-up with nothing read
     * is CPU an idle instance spends.
     */
    static final Duration CAUGHT_UP = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final DeliveryStore store;
    private final Consumer<DeliveryState> onPending;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    public StateTopicReader(KafkaConsumer<String, byte[]> consumer, String topic, DeliveryStore store,
            Consumer<DeliveryState> onPending) {
        this.consumer = consumer;
        this.topic = topic;
        this.store = store;
        this.onPending = onPending;
    }

    /** Released once every record that was on the topic when reading started has been read. */
    public CountDownLatch caughtUp() {
        return caughtUp;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    Thread.sleep(1000); // the topic initializer has not created it yet
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(caughtUp.getCount() > 0 ? CATCHING_UP : CAUGHT_UP)) {
                    apply(r);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.infof("Webhook delivery state read: %d pending", store.pending().size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Reading %s stopped", topic);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            store.remove(r.key());
            return;
        }
        if (r.key().startsWith(SubscriptionState.KEY_PREFIX)) {
            DeliveryStateCodec.decodeSubscription(r.value()).filter(s -> s.key().equals(r.key())).ifPresent(store::apply);
            return;
        }
        DeliveryStateCodec.decode(r.value()).filter(s -> s.key().equals(r.key())).ifPresent(state -> {
            if (store.apply(state) && !state.terminal()) {
                onPending.accept(state);
            }
        });
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }
}
