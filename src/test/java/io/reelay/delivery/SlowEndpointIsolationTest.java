package io.reelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.delivery.http.WebhookSender;
import io.reelay.delivery.retry.RetrySchedule;
import io.reelay.delivery.state.DeliveryState;
import io.reelay.delivery.state.DeliveryState.Status;
import io.reelay.delivery.state.DeliveryStore;
import io.reelay.intake.validation.CallbackUrlPolicy;
import io.reelay.kafka.Topics;

/**
 * The worker's consumer of terminal events and the dispatcher, against two real HTTP endpoints: one that hangs (its
 * handler waits for a latch released by the test) with a lane bound far smaller than the events published, and a
 * healthy one. The healthy endpoint gets every event promptly, the consumer is never paused, and the hanging
 * endpoint's deliveries all stay pending (recorded on the state topic) and go out, each once, when it answers again.
 * Then the global bound: with max-active reached, and only then, reading pauses.
 */
class SlowEndpointIsolationTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("isolation-test-secret-32-bytes!!".getBytes(StandardCharsets.US_ASCII));
    private static final TopicPartition COMPLETED = new TopicPartition(Topics.COMPLETED, 0);
    private static final TopicPartition FAILED = new TopicPartition(Topics.FAILED, 0);
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\":\"([^\"]+)\"");
    private static final int CONCURRENCY = 2;
    private static final int LANE_BOUND = 3;
    /** Events published in each of three batches: 30 in all, ten times the hanging lane's bound. */
    private static final int BATCH = 10;
    /** How soon after its event the healthy endpoint must have it (a loaded 2-core machine; typically ~50 ms). */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private HttpServer hanging;
    private HttpServer healthy;
    private final CountDownLatch answer = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ExecutorService http = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Instant> healthyGot = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hangingCalls = new ConcurrentHashMap<>();
    private final AtomicInteger hangingInFlight = new AtomicInteger();
    private final Map<String, Instant> published = new ConcurrentHashMap<>();
    private final DeliveryStore store = new DeliveryStore();
    /** What was written to the state topic, in order. */
    private final List<DeliveryState> written = new CopyOnWriteArrayList<>();
    private final List<Collection<TopicPartition>> pauses = new CopyOnWriteArrayList<>();
    private RecordingConsumer consumer;
    private EventsLoop loop;
    private Thread loopThread;

    /** A mock consumer that remembers every pause asked of it. */
    private final class RecordingConsumer extends MockConsumer<String, byte[]> {
        RecordingConsumer() {
            super(OffsetResetStrategy.EARLIEST);
        }

        @Override
        public synchronized void pause(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                pauses.add(List.copyOf(partitions));
            }
            super.pause(partitions);
        }
    }

    @BeforeEach
    void start() throws IOException {
        hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.setExecutor(handlers);
        hanging.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            hangingCalls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            hangingInFlight.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try {
                answer.await(2, TimeUnit.MINUTES); // until the test lets it answer (bounded, should teardown not run)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hangingInFlight.decrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hanging.start();
        healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        healthy.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = REQUEST_ID.matcher(body);
            if (m.find()) {
                healthyGot.putIfAbsent(m.group(1), Instant.now());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        healthy.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        answer.countDown();
        if (loop != null) {
            loop.stop();
            loopThread.join(10_000);
        }
        hanging.stop(0);
        healthy.stop(0);
        handlers.shutdownNow();
        http.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aHangingEndpointDelaysOnlyItsOwnDeliveriesAndLosesNone() {
        Dispatcher dispatcher = run(10_000);

        publish("a", 0);
        // The hanging endpoint's lane fills: its attempts all in flight, and more waiting than its bound.
        await().atMost(Duration.ofSeconds(30)).until(() -> hangingInFlight.get() == CONCURRENCY
                && dispatcher.waiting() >= LANE_BOUND);
        // Published while that lane is full: still read, and still delivered at once to the healthy endpoint.
        publish("b", BATCH);
        publish("c", 2 * BATCH);
        await().atMost(Duration.ofSeconds(30)).until(() -> healthyGot.size() == 3 * BATCH);

        assertThat(published).hasSize(3 * BATCH);
        published.forEach((id, at) -> assertThat(Duration.between(at, healthyGot.get(id)))
                .as("healthy endpoint got %s promptly", id).isLessThan(PROMPTLY));
        assertThat(pauses).as("the consumer was never paused").isEmpty();
        assertThat(consumer.committed(Set.of(COMPLETED)).get(COMPLETED).offset())
                .as("every event read and committed").isEqualTo(3L * BATCH);

        // None of the hanging endpoint's deliveries is lost: each is pending, on the state topic and in the store.
        List<DeliveryState> stuck = deliveries("stuck");
        assertThat(stuck).hasSize(3 * BATCH).allSatisfy(s -> assertThat(s.status()).isEqualTo(Status.pending));
        assertThat(written).filteredOn(s -> s.endpoint().equals("stuck")).extracting(DeliveryState::requestId)
                .containsExactlyInAnyOrderElementsOf(published.keySet());
        assertThat(hangingCalls).as("no more than its concurrency sent while it hangs").hasSize(CONCURRENCY);
        assertThat(dispatcher.waiting()).isEqualTo(3 * BATCH - CONCURRENCY);

        // It answers again: every delivery goes out, each once (none timed out, none duplicated).
        answer.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries("stuck").stream()
                .allMatch(s -> s.status() == Status.delivered));
        assertThat(hangingCalls).hasSize(3 * BATCH).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(dispatcher.active()).isZero();
        assertThat(pauses).isEmpty();
    }

    @Test
    void onlyTheGlobalBoundPausesReading() {
        // A batch's deliveries to both endpoints fit under the bound; the hanging endpoint's 30 do not.
        Dispatcher dispatcher = run(2 * BATCH + 1);

        publish("a", 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> healthyGot.size() == BATCH);
        assertThat(pauses).as("%d held, under the bound", dispatcher.active()).isEmpty();
        publish("b", BATCH);
        publish("c", 2 * BATCH);
        // The hanging endpoint's deliveries pile up past the bound: reading waits, for every endpoint alike.
        await().atMost(Duration.ofSeconds(30)).until(() -> !pauses.isEmpty());
        assertThat(dispatcher.full()).isTrue();

        // The endpoint answers: its deliveries end, the bound frees, reading goes on; every event is delivered.
        answer.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> healthyGot.size() == 3 * BATCH
                && deliveries("stuck").size() == 3 * BATCH
                && deliveries("stuck").stream().allMatch(s -> s.status() == Status.delivered));
        assertThat(hangingCalls).hasSize(3 * BATCH).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
    }

    /** Starts the events loop and a dispatcher that holds at most {@code maxActive} deliveries. */
    private Dispatcher run(int maxActive) {
        ReelayConfig config = TestConfig.defaults()
                .with("reelay.webhooks.subscriptions.stuck.url", url(hanging, "/stuck"))
                .with("reelay.webhooks.subscriptions.stuck.secrets", SECRET)
                .with("reelay.webhooks.subscriptions.healthy.url", url(healthy, "/ok"))
                .with("reelay.webhooks.subscriptions.healthy.secrets", SECRET)
                .build();
        Targets targets = new Targets(config.webhooks(), Map.of());
        // A timeout longer than the test: the hanging attempts wait for the latch, none is retried.
        WebhookSender sender = new WebhookSender(CallbackUrlPolicy.of(true), Duration.ofMinutes(2), http,
                Clock.systemUTC());
        RetrySchedule schedule = new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMinutes(5), () -> 0.5);
        EventsLoop[] owner = new EventsLoop[1];
        Dispatcher dispatcher = new Dispatcher(targets, sender, schedule, timer, this::write, s -> {
        }, new WebhookMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), CONCURRENCY, LANE_BOUND, maxActive,
                id -> owner[0] != null && owner[0].owns(id), store, s -> {
                });
        consumer = new RecordingConsumer();
        consumer.updatePartitions(Topics.COMPLETED, List.of(new PartitionInfo(Topics.COMPLETED, 0, Node.noNode(),
                new Node[0], new Node[0])));
        consumer.updatePartitions(Topics.FAILED, List.of(new PartitionInfo(Topics.FAILED, 0, Node.noNode(),
                new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(COMPLETED, 0L, FAILED, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(COMPLETED, FAILED)));
        EventsLoop.Decoder decoder = r -> {
            String requestId = new String(r.value(), StandardCharsets.UTF_8);
            return new TerminalEvent(TerminalEvent.COMPLETED, requestId, null, null,
                    "{\"type\":\"video.completed\",\"data\":{\"request_id\":\"" + requestId + "\"}}");
        };
        loop = new EventsLoop(consumer, decoder, targets, store, dispatcher, this::write, () -> {
        }, Clock.systemUTC());
        owner[0] = loop;
        loopThread = new Thread(loop, "isolation-test-events");
        loopThread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.owns("any"));
        return dispatcher;
    }

    /** Publishes a batch of completions, at offsets from {@code offset}, read by the loop's next poll. */
    private void publish(String batch, int offset) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            ids.add("req-" + batch + "-" + i);
        }
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < ids.size(); i++) {
                published.put(ids.get(i), Instant.now());
                consumer.addRecord(new ConsumerRecord<>(Topics.COMPLETED, 0, offset + i, ids.get(i),
                        ids.get(i).getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private CompletableFuture<?> write(DeliveryState state) {
        store.apply(state);
        written.add(state);
        return CompletableFuture.completedFuture(null);
    }

    private List<DeliveryState> deliveries(String endpoint) {
        return published.keySet().stream().flatMap(id -> store.ofRequest(id).stream())
                .filter(s -> s.endpoint().equals(endpoint)).toList();
    }

    private static String url(HttpServer server, String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
