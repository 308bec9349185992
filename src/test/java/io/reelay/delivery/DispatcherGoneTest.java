package io.reelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.reelay.delivery.state.SubscriptionState;
import io.reelay.intake.validation.CallbackUrlPolicy;

/**
 * The dispatcher against a real HTTP endpoint: a subscription that answers 410 is disabled (recorded), and its next
 * deliveries end endpoint_disabled, dead-lettered, without a call; a callback URL's 410 disables nothing; a new URL,
 * or an enabling record, lets the subscription be called again.
 */
class DispatcherGoneTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("dispatcher-test-secret-32-bytes!".getBytes(StandardCharsets.US_ASCII));

    private HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ExecutorService http = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DeliveryStore store = new DeliveryStore();
    private final List<DeliveryState> ended = new CopyOnWriteArrayList<>();
    private final List<DeliveryState> deadLetters = new CopyOnWriteArrayList<>();
    private final List<SubscriptionState> subscriptionRecords = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().contains("gone") ? 410 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aSubscriptionAnswering410IsDisabledAndItsNextDeliveriesAreDeadLetteredWithoutACall() {
        Dispatcher dispatcher = dispatcher(targets("/crm-gone"));
        dispatcher.schedule(pending("r-1", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 1);
        assertThat(ended.get(0).status()).isEqualTo(Status.gone);
        assertThat(subscriptionRecords).singleElement().satisfies(s -> {
            assertThat(s.subscription()).isEqualTo("crm");
            assertThat(s.disables(url("/crm-gone"))).isTrue();
            assertThat(s.cause()).contains(ended.get(0).webhookId());
        });
        assertThat(meters.counter(WebhookMetrics.DISABLED, "endpoint", "crm").count()).isEqualTo(1);

        dispatcher.schedule(pending("r-2", "crm"));
        dispatcher.schedule(pending("r-3", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 3);
        assertThat(ended.subList(1, 3)).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(Status.endpoint_disabled);
            assertThat(s.attemptCount()).isZero();
        });
        assertThat(deadLetters).extracting(DeliveryState::status)
                .containsExactly(Status.gone, Status.endpoint_disabled, Status.endpoint_disabled);
        assertThat(calls.get("/crm-gone").get()).as("only the delivery that got the 410 was sent").isEqualTo(1);
        assertThat(subscriptionRecords).as("disabled once").hasSize(1);
        assertThat(meters.counter(WebhookMetrics.ENDED, "endpoint", "crm", "outcome", "endpoint_disabled").count())
                .isEqualTo(2);
    }

    @Test
    void aNewUrlOrAnEnablingRecordLetsTheSubscriptionBeCalledAgain() {
        store.apply(SubscriptionState.gone("crm", url("/crm-old"), "410", Instant.now(), null));
        Dispatcher moved = dispatcher(targets("/crm-new"));
        moved.schedule(pending("r-1", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 1);
        assertThat(ended.get(0).status()).as("configured at another URL: enabled").isEqualTo(Status.delivered);

        store.apply(SubscriptionState.gone("crm", url("/crm-new"), "410", Instant.now(),
                store.subscription("crm").orElse(null)));
        moved.schedule(pending("r-2", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 2);
        assertThat(ended.get(1).status()).isEqualTo(Status.endpoint_disabled);

        store.apply(SubscriptionState.enabled("crm", url("/crm-new"), "by admin", Instant.now(),
                store.subscription("crm").orElse(null)));
        moved.schedule(pending("r-3", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 3);
        assertThat(ended.get(2).status()).isEqualTo(Status.delivered);
        assertThat(calls.get("/crm-new").get()).isEqualTo(2);
    }

    @Test
    void aCallbackUrlAnswering410EndsThatDeliveryOnlyAndDisablesNothing() {
        Dispatcher dispatcher = dispatcher(targets("/crm"));
        dispatcher.schedule(pending("r-1", Endpoint.CALLBACK, url("/callback-gone")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 1);
        assertThat(ended.get(0).status()).isEqualTo(Status.gone);
        dispatcher.schedule(pending("r-2", Endpoint.CALLBACK, url("/callback-gone")));
        dispatcher.schedule(pending("r-3", "crm"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.size() == 3);
        assertThat(ended).extracting(DeliveryState::status).containsExactlyInAnyOrder(Status.gone, Status.gone,
                Status.delivered);
        assertThat(calls.get("/callback-gone").get()).as("called again for the next request").isEqualTo(2);
        assertThat(subscriptionRecords).isEmpty();
        assertThat(store.subscription("crm")).isEmpty();
    }

    private Dispatcher dispatcher(Targets targets) {
        WebhookSender sender = new WebhookSender(CallbackUrlPolicy.of(true), Duration.ofSeconds(5), http,
                Clock.systemUTC());
        RetrySchedule schedule = new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(2), () -> 0.5);
        return new Dispatcher(targets, sender, schedule, timer, s -> {
            store.apply(s);
            if (s.terminal()) {
                ended.add(s);
            }
        }, deadLetters::add, new WebhookMetrics(meters), Clock.systemUTC(), 2, 100, 1000, id -> true, store, s -> {
            store.apply(s);
            subscriptionRecords.add(s);
        });
    }

    private Targets targets(String subscriptionPath) {
        ReelayConfig config = TestConfig.defaults()
                .with("reelay.webhooks.subscriptions.crm.url", url(subscriptionPath))
                .with("reelay.webhooks.subscriptions.crm.secrets", SECRET)
                .with("reelay.webhooks.callback-secrets", SECRET)
                .build();
        return new Targets(config.webhooks(), Map.of());
    }

    private DeliveryState pending(String requestId, String endpoint) {
        return pending(requestId, endpoint, null);
    }

    private DeliveryState pending(String requestId, String endpoint, String url) {
        String id = WebhookIds.of(requestId, "video.completed", endpoint + ":" + url);
        return new DeliveryState(id, requestId, "video.completed", endpoint, url, Status.pending,
                System.currentTimeMillis(), 0, null, Instant.now(), List.of(), 0, "{\"type\":\"video.completed\"}");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
