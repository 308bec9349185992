package io.reelay.upstream.discovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.reelay.catalog.DiscoveredModel;
import io.reelay.catalog.discovery.Discovery;
import io.reelay.catalog.sync.CatalogCodec;
import io.reelay.catalog.sync.CatalogPublisher;
import io.reelay.catalog.sync.CatalogTopicReader;
import io.reelay.catalog.sync.LiveCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.IdleFetch;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps the live catalog current. Every instance reads the catalog topic whole at start-up (waiting at most
 * {@code reelay.catalog.sync.startup-wait}) and follows it; with sync enabled it also reads both gateways'
 * discovery at start-up and every {@code reelay.catalog.sync.interval}, and publishes what changed to the topic, where
 * every instance (itself included) picks it up. Discovery that cannot be read changes nothing: the catalog stays what
 * the topic holds, or the shipped catalog when it holds nothing.
 */
@ApplicationScoped
public class CatalogSync {

    private static final Logger LOG = Logger.getLogger(CatalogSync.class);

    private CatalogTopicReader reader;
    private Producer<String, byte[]> producer;
    private DiscoveryClient client;
    private LiveCatalog live;
    private Duration callTimeout;

    void start(@Observes StartupEvent event, ReelayConfig config, LiveCatalog catalog, Vertx vertx,
            UpstreamTelemetry telemetry, @Identifier("default-kafka-broker") Map<String, Object> kafka)
            throws InterruptedException {
        ReelayConfig.Catalog.Sync sync = config.catalog().sync();
        this.live = catalog;
        long deadline = System.nanoTime() + sync.startupWait().toNanos();
        reader = new CatalogTopicReader(() -> new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(),
                new ByteArrayDeserializer()), catalog);
        Thread thread = new Thread(reader, "reelay-catalog-reader");
        thread.setDaemon(true);
        thread.start();
        if (!reader.awaitCaughtUp(sync.startupWait())) {
            LOG.warnf("Catalog topic not read within %s: starting on the catalog as it is, catching up later",
                    sync.startupWait());
        }
        if (!sync.enabled()) {
            LOG.info("Catalog sync off (reelay.catalog.sync.enabled=false): discovery is not read here");
            return;
        }
        producer = new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), new ByteArraySerializer());
        client = new DiscoveryClient(WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                        .setTracingPolicy(TracingPolicy.IGNORE).setUserAgent("reelay")),
                config.tokenlab().baseUrl(), config.hub().baseUrl(), config.hub().apiKey(), sync.callTimeout(),
                telemetry);
        callTimeout = sync.callTimeout();
        round(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        vertx.setPeriodic(sync.interval().toMillis(), id -> vertx.executeBlocking(() -> {
            round(null);
            return null;
        }).subscribe().with(ok -> { }, e -> LOG.warnf("Catalog sync round failed: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.stop();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (client != null) {
            client.close();
        }
    }

    /**
     * Reads both gateways and publishes what changed; with {@code waitApplied} (start-up), reading and waiting for
     * this instance's catalog to show the changes take at most that long together; a gateway not read by then is read
     * in the next round.
     */
    void round(Duration waitApplied) {
        long deadline = waitApplied == null ? 0 : System.nanoTime() + waitApplied.toNanos();
        boolean startup = waitApplied != null;
        publish(read("tokenlab", client.tokenLab(), startup ? left(deadline) : null), deadline, startup);
        if (client.readsHub()) {
            publish(read("hub", client.hub(), startup ? left(deadline) : null), deadline, startup);
        }
    }

    /** What is left of start-up's wait (at least a moment, so the call is at least made). */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(), deadline - System.nanoTime()));
    }

    private Optional<Discovery> read(String provider, Uni<Discovery> round, Duration atMost) {
        try {
            // Each call has its own deadline; the round as a whole is bounded by the calls it makes.
            Duration bound = atMost != null ? atMost : callTimeout.multipliedBy(DiscoveryClient.MAX_CALLS);
            Discovery found = round.await().atMost(bound);
            if (found.skipped() > 0) {
                LOG.warnf("Catalog sync: %s discovery had %d entries that could not be read (left out)", provider,
                        found.skipped());
            }
            return Optional.of(found);
        } catch (RuntimeException e) {
            LOG.warnf("Catalog sync: %s discovery not read (%s); its models keep what the catalog has", provider,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void publish(Optional<Discovery> discovery, long deadline, boolean waitApplied) {
        if (discovery.isEmpty()) {
            return;
        }
        if (!reader.topicExists()) {
            LOG.warnf("Catalog sync: topic %s does not exist yet; nothing published this round",
                    io.reelay.kafka.Topics.CATALOG);
            return;
        }
        Discovery d = discovery.get();
        List<ProducerRecord<String, byte[]>> changes = CatalogPublisher.changes(d.provider(), d.models(), d.seen(),
                live.discovered());
        if (changes.isEmpty()) {
            return;
        }
        changes.forEach(record -> producer.send(record, (meta, e) -> {
            if (e != null) {
                LOG.warnf("Catalog sync: %s not published (%s)", record.key(), e.getMessage());
            }
        }));
        producer.flush();
        LOG.infof("Catalog sync: %s discovery changed %d catalog entries", d.provider(), changes.size());
        if (waitApplied) {
            awaitApplied(changes, deadline);
        }
    }

    /** Waits (until {@code deadline}, nanoTime) for the reader to have applied every change. */
    private void awaitApplied(List<ProducerRecord<String, byte[]>> changes, long deadline) {
        while (System.nanoTime() < deadline) {
            Map<String, DiscoveredModel> now = live.discovered();
            boolean applied = changes.stream().allMatch(r -> r.value() == null ? !now.containsKey(r.key())
                    : CatalogCodec.decode(r.key(), r.value()).equals(Optional.ofNullable(now.get(r.key()))));
            if (applied) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = only(kafka, ConsumerConfig.configNames());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelay-catalog-reader");
        return IdleFetch.follower(config);
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = only(kafka, ProducerConfig.configNames());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "reelay-catalog-publisher");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    // The application's kafka.* settings (bootstrap, security) apply to these clients too.
    private static Map<String, Object> only(Map<String, Object> kafka, java.util.Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (names.contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }
}
