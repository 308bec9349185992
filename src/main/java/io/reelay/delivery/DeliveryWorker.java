package io.reelay.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.reelay.config.ReelayConfig;
import io.reelay.delivery.http.WebhookSender;
import io.reelay.delivery.retry.RetrySchedule;
import io.reelay.delivery.state.DeadLetter;
import io.reelay.delivery.state.DeliveryState;
import io.reelay.delivery.state.DeliveryStateCodec;
import io.reelay.delivery.state.DeliveryStore;
import io.reelay.delivery.state.StateTopicReader;
import io.reelay.delivery.state.SubscriptionState;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.intake.validation.CallbackUrlPolicy;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.IdleFetch;
import io.reelay.kafka.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The webhook delivery worker: a consumer of terminal events of its own, the state topic's reader, and the
 * dispatcher of attempts, on threads of their own, apart from the tracker (docs/webhooks.md). Also what the HTTP API
 * asks for a request's deliveries and for a replay.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** The worker's consumer group. */
    public static final String GROUP = "reelay-webhooks";

    @Inject
    ReelayConfig reelay;
    @Inject
    EventSerdes serdes;
    @Inject
    MeterRegistry registry;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final DeliveryStore store = new DeliveryStore();
    private final Clock clock = Clock.systemUTC();
    private KafkaProducer<String, byte[]> producer;
    private StateTopicReader reader;
    private EventsLoop events;
    private Dispatcher dispatcher;
    private ScheduledExecutorService timer;
    private ExecutorService http;
    private Targets targets;

    void onStart(@Observes StartupEvent event) {
        ReelayConfig.Webhooks config = reelay.webhooks();
        if (!config.enabled()) {
            return;
        }
        targets = new Targets(config, reelay.api().auth().clients());
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        timer = Executors.newSingleThreadScheduledExecutor(daemon("reelay-webhooks-timer"));
        http = Executors.newFixedThreadPool(4, daemon("reelay-webhooks-http"));
        WebhookSender sender = new WebhookSender(CallbackUrlPolicy.of(config.allowLoopback()), config.timeout(),
                http, clock);
        RetrySchedule schedule = new RetrySchedule(config.firstBackoff(), config.maxBackoff(), config.retryWindow(),
                () -> ThreadLocalRandom.current().nextDouble());
        EventsLoop[] loop = new EventsLoop[1];
        dispatcher = new Dispatcher(targets, sender, schedule, timer, this::write, this::deadLetter,
                new WebhookMetrics(registry), clock, config.concurrencyPerEndpoint(), config.backlogWarning(),
                config.maxActive(),
                id -> loop[0] != null && loop[0].owns(id), store, this::write);
        reader = new StateTopicReader(consumer(null), Topics.WEBHOOKS, store, s -> {
            if (loop[0] != null && loop[0].owns(s.requestId())) {
                dispatcher.schedule(s);
            }
        });
        int maxPayload = config.maxPayloadBytes();
        EventsLoop.Decoder decoder = r -> r.topic().equals(Topics.COMPLETED)
                ? TerminalEvent.of(serdes.of(VideoCompleted.class).deserializer().deserialize(r.topic(), r.value()),
                        maxPayload)
                : TerminalEvent.of(serdes.of(VideoFailed.class).deserializer().deserialize(r.topic(), r.value()),
                        maxPayload);
        events = new EventsLoop(consumer(GROUP), decoder, targets, store, dispatcher, this::write, () -> {
            try {
                reader.caughtUp().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, clock);
        loop[0] = events;
        daemon("reelay-webhooks-state").newThread(reader).start();
        daemon("reelay-webhooks-events").newThread(events).start();
        LOG.infof("Webhook delivery on: %d subscription(s), callback URLs %s", config.subscriptions().size(),
                config.callbackSecrets().isPresent() ? "signed and called" : "not called (no callback secret)");
    }

    void onStop(@Observes ShutdownEvent event) {
        if (events != null) {
            events.stop();
        }
        if (reader != null) {
            reader.stop();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (http != null) {
            http.shutdownNow();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** A request's deliveries as this instance has read them (empty while the worker is off). */
    public List<DeliveryState> deliveries(String requestId) {
        return store.ofRequest(requestId);
    }

    /**
     * Queues every delivery of a request again now, with the same webhook-id and body and a new retry window; the
     * instance that owns the request runs them. Returns how many were queued.
     */
    public int replay(String requestId) throws Exception {
        if (producer == null) {
            return 0;
        }
        List<DeliveryState> states = store.ofRequest(requestId);
        Instant now = clock.instant();
        for (DeliveryState s : states) {
            DeliveryState again = s.replayed(now);
            write(again).get(10, TimeUnit.SECONDS);
            if (events != null && events.owns(requestId)) {
                dispatcher.schedule(again);
            }
        }
        return states.size();
    }

    /** A configured subscription and whether it is disabled now (it answered 410 Gone at its current URL). */
    public record SubscriptionView(String name, Optional<String> owner, boolean disabled) {
    }

    /** The subscription of that name, when the worker runs and it is configured (and usable). */
    public Optional<SubscriptionView> subscription(String name) {
        if (targets == null || name == null) {
            return Optional.empty();
        }
        return targets.subscription(name).map(sub -> new SubscriptionView(name, sub.owner(),
                store.subscription(name).map(s -> s.disables(sub.endpoint().url())).orElse(false)));
    }

    /**
     * Lifts a subscription's disabling: an enabling record on the state topic, written before this returns, so every
     * instance calls it again. Deliveries dead-lettered meanwhile are not resent: replay them per request.
     *
     * @return whether it was disabled
     */
    public boolean enable(String name, String by) throws Exception {
        Targets.Sub sub = targets == null ? null : targets.subscription(name).orElse(null);
        if (sub == null) {
            throw new IllegalArgumentException("no subscription " + name);
        }
        Optional<SubscriptionState> current = store.subscription(name);
        if (current.isEmpty() || !current.get().disables(sub.endpoint().url())) {
            return false;
        }
        write(SubscriptionState.enabled(name, sub.endpoint().url(), "enabled over the HTTP API by " + by,
                clock.instant(), current.get())).get(10, TimeUnit.SECONDS);
        LOG.infof("Webhook subscription %s enabled again by %s", name, by);
        return true;
    }

    private Future<?> write(SubscriptionState state) {
        store.apply(state);
        return producer.send(new ProducerRecord<>(Topics.WEBHOOKS, state.key(), DeliveryStateCodec.encode(state)),
                (meta, e) -> {
                    if (e != null) {
                        LOG.warnf("Webhook subscription %s: state not written: %s", state.subscription(),
                                e.getMessage());
                    }
                });
    }

    private Future<?> write(DeliveryState state) {
        store.apply(state);
        return producer.send(new ProducerRecord<>(Topics.WEBHOOKS, state.key(), DeliveryStateCodec.encode(state)),
                (meta, e) -> {
                    if (e != null) {
                        LOG.warnf("Webhook %s: state not written: %s", state.webhookId(), e.getMessage());
                    }
                });
    }

    private void deadLetter(DeliveryState state) {
        producer.send(new ProducerRecord<>(Topics.WEBHOOKS_DEAD, state.key(),
                DeliveryStateCodec.json(DeadLetter.of(state, clock.instant()))));
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = only(ProducerConfig.configNames());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "reelay-webhooks");
        return config;
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = only(ConsumerConfig.configNames());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            // Range: partition n of video.completed and of video.failed go to the same instance, which owns the
            // deliveries of the requests hashed to n.
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        } else {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        if (group != null) {
            // The terminal events' consumer pauses while deliveries are full: it reads again within its poll's wait.
            IdleFetch.follower(config, EventsLoop.POLL);
        } else {
            IdleFetch.follower(config);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> only(java.util.Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (names.contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
