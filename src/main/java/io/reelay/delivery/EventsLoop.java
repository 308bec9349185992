package io.reelay.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.reelay.delivery.state.DeliveryState;
import io.reelay.delivery.state.DeliveryStore;
import io.reelay.kafka.Topics;

/**
 * The delivery worker's consumer of video.completed and video.failed (group {@code reelay-webhooks}, apart from the
 * tracker's): for each terminal event, one pending delivery per endpoint is written to the state topic, and the
 * event's offset is committed only once those writes are acknowledged. A crash before the commit reads the event
 * again; its deliveries, already recorded, are not made twice (same webhook-id, same key).
 */
final class EventsLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventsLoop.class);
    static final List<String> TOPICS = List.of(Topics.COMPLETED, Topics.FAILED);
    /**
     * The longest a poll waits with nothing read. A terminal event ends the wait at once, so this adds no latency; it
     * bounds only how soon reading resumes after the dispatcher was full, and each wake-up with nothing to do costs
     * CPU on an idle instance.
     */
    static final Duration POLL = Duration.ofSeconds(1);

    /** Decodes a consumed record into a terminal event; throws on a record it cannot read. */
    interface Decoder extends Function<ConsumerRecord<String, byte[]>, TerminalEvent> {
    }

    private final Consumer<String, byte[]> consumer;
    private final Decoder decoder;
    private final Targets targets;
    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final Function<DeliveryState, Future<?>> write;
    private final Runnable awaitState;
    private final Clock clock;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitions;
    private volatile boolean running = true;

    EventsLoop(Consumer<String, byte[]> consumer, Decoder decoder, Targets targets, DeliveryStore store,
            Dispatcher dispatcher, Function<DeliveryState, Future<?>> write, Runnable awaitState, Clock clock) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.targets = targets;
        this.store = store;
        this.dispatcher = dispatcher;
        this.write = write;
        this.awaitState = awaitState;
        this.clock = clock;
    }

    /** Whether this instance runs {@code requestId}'s deliveries now: its terminal events' partition is assigned here. */
    boolean owns(String requestId) {
        int n = partitions;
        return n > 0 && owned.contains(partitionOf(requestId, n));
    }

    /** The partition the default partitioner gives a key (murmur2), as the tracker writes terminal events. */
    static int partitionOf(String requestId, int partitions) {
        return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void run() {
        try {
            awaitState.run();
            consumer.subscribe(TOPICS, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    Set<Integer> gone = numbers(revoked);
                    owned.removeAll(gone);
                    int n = partitions;
                    dispatcher.release(id -> n > 0 && gone.contains(partitionOf(id, n)));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    partitions = consumer.partitionsFor(Topics.COMPLETED).size();
                    owned.addAll(numbers(assigned));
                    // Deliveries a previous owner (or this instance before a crash) left pending.
                    store.pending().stream().filter(s -> owns(s.requestId())).forEach(dispatcher::schedule);
                }
            });
            while (running) {
                // Only the global bound pauses reading: a slow endpoint's backlog waits in its own lane.
                if (dispatcher.full()) {
                    if (consumer.paused().isEmpty() && !consumer.assignment().isEmpty()) {
                        LOG.warnf("Webhooks: %d deliveries held (reelay.webhooks.max-active); reading new terminal "
                                + "events waits until some end", dispatcher.active());
                    }
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    LOG.infof("Webhooks: %d deliveries held; reading terminal events again", dispatcher.active());
                    consumer.resume(consumer.paused());
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    try {
                        handle(records);
                    } catch (IllegalStateException e) {
                        LOG.warnf("Webhooks: %s; reading those events again", e.getMessage());
                        for (TopicPartition p : records.partitions()) {
                            consumer.seek(p, records.records(p).get(0).offset());
                        }
                        Thread.sleep(1000);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Webhook delivery stopped reading terminal events");
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        List<Future<?>> writes = new ArrayList<>();
        List<DeliveryState> fresh = new ArrayList<>();
        Instant now = clock.instant();
        for (ConsumerRecord<String, byte[]> r : records) {
            TerminalEvent event;
            try {
                event = decoder.apply(r);
            } catch (RuntimeException e) {
                LOG.warnf("Webhooks: %s-%d@%d skipped, not readable: %s", r.topic(), r.partition(), r.offset(),
                        String.valueOf(e.getMessage()).substring(0, Math.min(200, String.valueOf(e.getMessage()).length())));
                continue;
            }
            if (event == null || event.requestId() == null) {
                continue;
            }
            for (Endpoint endpoint : targets.of(event)) {
                String id = WebhookIds.of(event.requestId(), event.type(), endpoint.idKey());
                if (store.get(DeliveryState.keyOf(id, endpoint.name())).isPresent()) {
                    continue; // recorded before a crash or rebalance: it goes on from its state
                }
                DeliveryState state = new DeliveryState(id, event.requestId(), event.type(), endpoint.name(),
                        endpoint.url(), DeliveryState.Status.pending, now.toEpochMilli(), 0, null, now, List.of(), 0,
                        event.payload());
                store.apply(state);
                writes.add(write.apply(state));
                fresh.add(state);
            }
        }
        for (Future<?> w : writes) {
            try {
                w.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Not committed: the events are read again (after a restart of this loop) and their deliveries written.
                throw new IllegalStateException("webhook delivery state not written: " + e.getMessage(), e);
            }
        }
        consumer.commitSync();
        fresh.forEach(dispatcher::schedule);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> out = ConcurrentHashMap.newKeySet();
        partitions.forEach(p -> out.add(p.partition()));
        return out;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }
}
