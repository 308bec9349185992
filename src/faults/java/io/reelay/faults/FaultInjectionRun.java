package io.reelay.faults;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.reelay.catalog.ModelCatalog;
import io.reelay.kafka.Topics;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.broker.TopicAdmin;
import io.reelay.testing.process.BrokerProcess;
import io.reelay.testing.process.Ports;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;
import io.reelay.testing.storage.S3Server;
import io.reelay.testing.webhooks.WebhookReceiver;

/**
 * "Nothing lost, nothing paid twice", with real processes: a broker JVM, the packaged service and the simulators
 * (in this JVM, behind a front door that can play an upstream outage). Requests are published at a steady pace while
 * the service is SIGKILLed and restarted, the broker is stopped and started on its data, and the upstreams answer
 * nothing but 503 across one kill; then every request must end in exactly one terminal event, the simulators' log
 * must show at most one created task per request id, and no kill may leave more requests unknown with no submit
 * upstream than the submits that may be under way.
 */
final class FaultInjectionRun {

    static final int PARTITIONS = 6;
    private static final Duration SERVICE_READY = Duration.ofMinutes(3);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /**
     * Calls answered 503 in a row after which the service's circuit breaker is open: its request-volume (20 by
     * default; half of them failing is enough).
     */
    private static final int CIRCUIT_OPENS_AFTER = 20;
    /** The longest the run waits for traffic to see the outage, on a slow machine. */
    private static final Duration OUTAGE_SEEN_WITHIN = Duration.ofSeconds(60);
    /**
     * How long the circuit has been open at the kill, at least: the calls under way when it opened have ended (or
     * been held back and their marks withdrawn), so the kill meets the gate holding submits back before any mark.
     */
    private static final Duration OPEN_BEFORE_KILL = Duration.ofSeconds(2);
    /** Past the service's submit-outcome-timeout, so that a late second terminal event would be seen. */
    private static final Duration LINGER = Duration.ofSeconds(25);

    private final FaultSettings settings;
    private final Path serviceJar;
    private final Path runDir;
    private final String runId = "fi-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> timeline = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Disruption> disruptions = new ArrayList<>();
    private static final String BUCKET = "reelay-faults";
    private static final String PREFIX = "videos";
    private static final String SAMPLE_VIDEO = "/io/reelay/simulator/media/sample.mp4";
    private static final String SAMPLE_LAST_FRAME = "/io/reelay/simulator/media/sample-last-frame.jpg";
    /** The longest a kill waits for a copy to be under way. */
    private static final Duration COPY_SEEN_WITHIN = Duration.ofSeconds(60);
    /** The longest the report waits for the last webhooks. */
    private static final Duration WEBHOOKS_WITHIN = Duration.ofMinutes(2);
    /** The webhook consumer's path, and the endpoint's that answers 500 to everything. */
    static final String CONSUMER = "/consumer";
    static final String BROKEN = "/broken";

    private SlowFileHost files;
    /** The graceful restarts done, in order. */
    private final List<GracefulRestarts.Stop> graceful = new ArrayList<>();
    private long began;
    private int serviceKills;
    private int brokerRestarts;

    FaultInjectionRun(FaultSettings settings, Path serviceJar, Path workDir) {
        this.settings = settings;
        this.serviceJar = serviceJar;
        this.runDir = workDir.resolve(runId);
    }

    FaultReport run() throws Exception {
        began = System.nanoTime();
        Files.createDirectories(runDir);
        // s3proxy takes seconds to start: beside the broker, not after it.
        CompletableFuture<S3Server> s3Starting = settings.mirroring()
                ? CompletableFuture.supplyAsync(() -> S3Server.start(0, runDir.resolve("s3"),
                        false))
                : CompletableFuture.completedFuture(null);
        BrokerProcess broker = new BrokerProcess(Ports.free(), runDir.resolve("kafka-logs"), runDir.resolve("broker.log"));
        try {
            broker.start();
            TopicAdmin.createTopics(broker.bootstrapServers(), Topics.ALL, PARTITIONS);
        } catch (Exception e) {
            s3Starting.thenAccept(s3 -> {
                if (s3 != null) {
                    s3.close();
                }
            });
            throw e;
        }
        note("broker up on " + broker.bootstrapServers());
        String tokenLabKey = "sk-reelay-canary-" + runId;
        String hubKey = "hub-reelay-canary-" + runId;
        Path serviceLog = runDir.resolve("service.log");
        // Resources that are null when the run leaves that part out: try-with-resources skips them.
        try (S3Server s3 = s3Starting.join();
                SlowFileHost fileHost = settings.mirroring() ? SlowFileHost.start(settings.fileTransfer()) : null;
                WebhookReceiver receiver = settings.webhooks() ? webhookReceiver() : null;
                SimulatorServer simulator = SimulatorServer.start(simulatorSettings(fileHost),
                        Math.max(200_000, settings.requests() * 60));
                UpstreamOutage outage = UpstreamOutage.inFrontOf(simulator)) {
            files = fileHost;
            if (fileHost != null) {
                fileHost.forwardTo(simulator);
                note("s3proxy on " + s3.endpoint() + ", result files served in " + settings.fileTransfer().toMillis()
                        + " ms each");
            }
            Map<String, String> properties = serviceProperties(broker, simulator, outage, tokenLabKey, hubKey);
            if (s3 != null) {
                properties.putAll(storageProperties(s3));
            }
            if (receiver != null) {
                properties.putAll(webhookProperties(receiver));
            }
            ReelayProcess service = new ReelayProcess(serviceJar, properties, Ports.free(), serviceLog);
            try {
                service.start(SERVICE_READY);
                note("service ready");
                RequestMix mix = new RequestMix(runId);
                PacedPublisher publisher = new PacedPublisher(broker.bootstrapServers(), mix, settings.requests(),
                        settings.rate());
                Thread publishing = new Thread(publisher, "publisher");
                try (TerminalEvents progress = new TerminalEvents(broker.bootstrapServers(), runId + "-")) {
                    long publishStart = System.nanoTime();
                    publishing.start();
                    injectFaults(broker, service, outage, publisher, progress, publishStart);
                    awaitPublished(publishing, progress, publisher,
                            System.nanoTime() + settings.publishWindow().plus(Duration.ofMinutes(5)).toNanos());
                    note("published " + publisher.published() + " (" + publisher.resent() + " sends retried)"
                            + (publisher.failure() == null ? "" : ", stopped by " + publisher.failure()));
                    awaitAllEnded(progress, publisher, System.nanoTime() + settings.settle().toNanos());
                }
                note("lingering " + LINGER.toSeconds() + " s for late duplicates");
                Thread.sleep(LINGER.toMillis());
                Set<String> published = new LinkedHashSet<>();
                IntStream.range(0, publisher.published())
                        .forEach(n -> published.add(mix.requestId(n)));
                List<String> secrets = new ArrayList<>(List.of(tokenLabKey, hubKey));
                if (s3 != null) {
                    secrets.add(S3Server.SECRET_KEY);
                }
                if (receiver != null) {
                    secrets.addAll(receiver.secrets());
                }
                return report(broker, simulator, outage, published, serviceLog, secrets, s3, receiver, mix);
            } finally {
                service.stop();
            }
        } finally {
            broker.stop();
        }
    }

    /**
     * The service kills and broker restarts, spread evenly over the publishing window, the broker in the middle; the
     * upstream outage from {@code outage-lead} before its kill (once calls flow) to {@code outage-after} past the
     * restart. The kill waits until the outage has answered enough calls to open the circuit, and a little more (the
     * calls under way when it opened have ended); the outage lasts until the restarted service has met it as often.
     * So both sides of the kill run with the circuit open however slow the machine is.
     */
    private void injectFaults(BrokerProcess broker, ReelayProcess service, UpstreamOutage outage,
            PacedPublisher publisher, TerminalEvents progress, long publishStart) throws InterruptedException {
        List<Disruption.Kind> kinds = new ArrayList<>();
        for (int i = 0; i < settings.kills(); i++) {
            kinds.add(Disruption.Kind.KILL);
        }
        for (int i = 0; i < settings.brokerRestarts(); i++) {
            kinds.add((settings.kills() + 1) / 2, Disruption.Kind.BROKER_RESTART);
        }
        // First, while requests flow at their steady pace into a service that has caught up: its stop meets submits
        // under way rather than a backlog a kill left.
        for (int i = 0; i < settings.gracefulRestarts(); i++) {
            kinds.add(0, Disruption.Kind.GRACEFUL_RESTART);
        }
        int events = kinds.size();
        long window = settings.publishWindow().toNanos();
        for (int i = 0; i < events; i++) {
            long at = publishStart + window * (i + 1) / (events + 1);
            Disruption.Kind kind = kinds.get(i);
            boolean outageKill = kind == Disruption.Kind.KILL && serviceKills + 1 == settings.outageKill();
            if (outageKill) {
                waitUntil(at - settings.outageLead().toNanos(), progress, publisher);
                outage.awaitForwarded(1, OUTAGE_SEEN_WITHIN); // the service calls the upstreams: traffic to meet it
                outage.down();
                note("upstream outage begins: every call answered 503 all_channels_failed");
            }
            waitUntil(at, progress, publisher);
            if (outageKill) {
                boolean open = outage.awaitRefused(CIRCUIT_OPENS_AFTER, OUTAGE_SEEN_WITHIN);
                Thread.sleep(OPEN_BEFORE_KILL.toMillis());
                note(outage.refused() + " calls answered 503 before the kill" + (open ? "" : " (fewer than the "
                        + CIRCUIT_OPENS_AFTER + " that open the circuit)"));
            }
            switch (kind) {
                case BROKER_RESTART -> restartBroker(broker);
                case GRACEFUL_RESTART -> restartGracefully(service);
                case KILL -> killService(service, outageKill);
            }
            if (outageKill) {
                endOutageLater(outage);
            }
        }
    }

    /**
     * Ends the outage {@code outage-after} from now, once the restarted service has met it often enough to open its
     * circuit, while the schedule goes on.
     */
    private void endOutageLater(UpstreamOutage outage) {
        long before = outage.refused();
        Thread end = new Thread(() -> {
            try {
                Thread.sleep(settings.outageAfter().toMillis());
                outage.awaitRefused(before + CIRCUIT_OPENS_AFTER, OUTAGE_SEEN_WITHIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outage.up();
            note("upstream outage ends (" + outage.refused() + " calls answered 503, " + (outage.refused() - before)
                    + " of them after the restart)");
        }, "outage-end");
        end.setDaemon(true);
        end.start();
    }

    private void killService(ReelayProcess service, boolean duringOutage) throws InterruptedException {
        String label = "kill " + (serviceKills + 1) + (duringOutage ? " (upstream outage)" : "");
        if (files != null && !duringOutage) {
            // Copies take fileTransfer each: wait (bounded) for one under way, so the kill lands mid-copy.
            files.awaitUnderWay(COPY_SEEN_WITHIN);
        }
        long at = System.currentTimeMillis();
        int copying = files == null ? 0 : files.underWay();
        service.kill();
        serviceKills++;
        disruptions.add(new Disruption(label, Disruption.Kind.KILL, at));
        note("SIGKILL service (kill " + serviceKills + ")" + (files == null ? "" : ", " + copying
                + " copies under way"));
        long t = System.nanoTime();
        service.start(SERVICE_READY);
        note(String.format("service restarted, ready after %.1f s", (System.nanoTime() - t) / 1e9));
    }

    /**
     * SIGTERM, as a rolling restart or a scale-in does: the service stops granting submits, waits for the calls under
     * way, hands over the marks it never called, and exits; then it starts again on its state.
     */
    private void restartGracefully(ReelayProcess service) throws InterruptedException {
        String label = "graceful restart " + (graceful.size() + 1);
        disruptions.add(new Disruption(label, Disruption.Kind.GRACEFUL_RESTART, System.currentTimeMillis()));
        long t = System.nanoTime();
        boolean onItsOwn = service.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - t);
        graceful.add(new GracefulRestarts.Stop(label, onItsOwn, took));
        note(String.format("SIGTERM service (%s): %s after %.1f s", label, onItsOwn ? "exited on its own"
                : "still running, SIGKILLed", took.toMillis() / 1000.0));
        t = System.nanoTime();
        service.start(SERVICE_READY);
        note(String.format("service restarted, ready after %.1f s", (System.nanoTime() - t) / 1e9));
    }

    private void restartBroker(BrokerProcess broker) throws InterruptedException {
        disruptions.add(new Disruption("broker restart " + (brokerRestarts + 1), Disruption.Kind.BROKER_RESTART,
                System.currentTimeMillis()));
        if (settings.brokerKill()) {
            broker.kill();
        } else {
            broker.stop();
        }
        brokerRestarts++;
        note((settings.brokerKill() ? "SIGKILL" : "SIGTERM") + " broker; down for " + settings.brokerDowntime()
                .toSeconds() + " s");
        Thread.sleep(settings.brokerDowntime().toMillis());
        long t = System.nanoTime();
        broker.start();
        note(String.format("broker restarted on its data, ready after %.1f s", (System.nanoTime() - t) / 1e9));
    }

    private void waitUntil(long at, TerminalEvents progress, PacedPublisher publisher) throws InterruptedException {
        long nextReport = System.nanoTime();
        while (System.nanoTime() < at) {
            if (System.nanoTime() >= nextReport) {
                progress.catchUp(Duration.ofSeconds(2));
                printProgress(progress, publisher);
                nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(500, (at - System.nanoTime()) / 1_000_000)));
        }
    }

    private void awaitPublished(Thread publishing, TerminalEvents progress, PacedPublisher publisher, long deadline)
            throws InterruptedException {
        while (publishing.isAlive() && System.nanoTime() < deadline) {
            publishing.join(PROGRESS_EVERY.toMillis());
            progress.catchUp(Duration.ofSeconds(2));
            printProgress(progress, publisher);
        }
        if (publishing.isAlive()) {
            publishing.interrupt();
        }
    }

    private void awaitAllEnded(TerminalEvents progress, PacedPublisher publisher, long deadline) {
        try {
            // In this thread: the progress reader is a Kafka consumer.
            Awaitility.await().atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(PROGRESS_EVERY)
                    .until(() -> {
                        progress.catchUp(Duration.ofSeconds(5));
                        printProgress(progress, publisher);
                        return progress.requestsEnded() >= publisher.published();
                    });
            note("every published request has a terminal event");
        } catch (ConditionTimeoutException e) {
            note("deadline passed with " + (publisher.published() - progress.requestsEnded()) + " requests not ended");
        }
    }

    private FaultReport report(BrokerProcess broker, SimulatorServer simulator, UpstreamOutage outage,
            Set<String> published, Path serviceLog, List<String> secrets, S3Server s3, WebhookReceiver receiver,
            RequestMix mix) throws Exception {
        Map<String, List<TerminalEvents.Terminal>> terminals;
        try (TerminalEvents all = new TerminalEvents(broker.bootstrapServers(), runId + "-")) {
            if (!all.catchUp(Duration.ofMinutes(2))) {
                throw new IllegalStateException("could not read video.completed and video.failed to their end");
            }
            terminals = all.byRequest();
        }
        Map<String, TerminalEvents.Terminal> firsts = new TreeMap<>();
        terminals.forEach((id, events) -> firsts.put(id, events.get(0)));
        List<ReportSection> sections = new ArrayList<>();
        if (s3 != null) {
            sections.add(new MirrorAudit(firsts.values(), BUCKET, PREFIX, BucketContents.of(s3.endpoint(), BUCKET),
                    served(SAMPLE_VIDEO), served(SAMPLE_LAST_FRAME),
                    MirrorAudit.Traffic.of(files.sent(), files.cutAt(), disruptions)));
        }
        if (!graceful.isEmpty()) {
            sections.add(GracefulRestarts.of(graceful, serviceLog));
        }
        if (receiver != null) {
            awaitWebhooks(receiver, WebhookAudit.events(firsts.values()));
            sections.add(new WebhookAudit(firsts, receiver.deliveries(CONSUMER), receiver.deliveries(BROKEN)));
        }
        List<String> leaks = new ArrayList<>();
        for (String secret : secrets) {
            LeakScan.inFile(serviceLog, secret).forEach(line -> leaks.add("service log: " + line));
        }
        LeakScan.inTopics(broker.bootstrapServers(), secrets, Duration.ofMinutes(2))
                .forEach(at -> leaks.add("topic " + at));
        List<String> doubleCharge;
        try (var lines = Files.lines(serviceLog, StandardCharsets.UTF_8)) {
            doubleCharge = lines.filter(l -> l.contains("double charge")).toList();
        }
        SendingMarks marks = SendingMarks.read(broker.bootstrapServers(), runId + "-", Duration.ofMinutes(2));
        UpstreamLedger upstream = UpstreamLedger.of(simulator.callLog(), runId + "-");
        sections.add(new LedgerAudit(ledgerView(mix, published.size()), marks.admitted(),
                LedgerTopic.read(broker.bootstrapServers(), Duration.ofMinutes(2)), firsts, upstream));
        // Hook for GET /v1/tenants/{tenant}/usage (not on main yet): once it is, compare each tenant's served
        // balance with the audit's figures here. Until then the audit folds the entries with the store's own
        // io.reelay.ledger.Balances, which is what the store holds after reading the same topic.
        return new FaultReport(settings, runId, published, terminals, upstream, List.copyOf(timeline), disruptions,
                marks.lastMarkAt(), outage.refused(),
                Duration.ofNanos(System.nanoTime() - began), leaks, doubleCharge, sections);
    }

    /** Each published request's tenant and catalog price, for the ledger audit. */
    private static Map<String, LedgerAudit.Published> ledgerView(RequestMix mix, int published) {
        ModelCatalog catalog = ModelCatalog.load();
        Map<String, LedgerAudit.Published> view = new LinkedHashMap<>();
        for (int n = 0; n < published; n++) {
            view.put(mix.requestId(n), new LedgerAudit.Published(mix.tenant(n),
                    RequestMix.catalogPrice(catalog, mix.request(n)).orElse(null)));
        }
        return view;
    }

    /**
     * Waits (bounded) until the webhook consumer has had every terminal event: the last ones were written moments
     * ago, and a kill may have left some to the restarted worker.
     */
    private void awaitWebhooks(WebhookReceiver receiver, Set<String> events) throws InterruptedException {
        long deadline = System.nanoTime() + WEBHOOKS_WITHIN.toNanos();
        Set<String> delivered = new HashSet<>();
        while (System.nanoTime() < deadline) {
            receiver.deliveries(CONSUMER).stream().filter(WebhookReceiver.Delivery::verified)
                    .forEach(d -> delivered.add(d.requestId() + " " + d.type()));
            if (delivered.containsAll(events)) {
                note("every terminal event reached the webhook consumer");
                return;
            }
            Thread.sleep(500);
        }
        note("webhooks: " + events.stream().filter(e -> !delivered.contains(e)).count() + " terminal events not "
                + "delivered after " + WEBHOOKS_WITHIN.toSeconds() + " s");
    }

    /** The simulator's sample file: every task's result, served with the same bytes. */
    private static MirrorAudit.Served served(String resource) throws IOException {
        try (InputStream in = FaultInjectionRun.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the simulator's " + resource + " is not on the class path");
            }
            byte[] bytes = in.readAllBytes();
            return new MirrorAudit.Served(bytes.length, BucketContents.sha256(bytes));
        }
    }

    private SimulatorSettings simulatorSettings(SlowFileHost fileHost) {
        // A blank result URL base: the simulator's own files (real MP4s); with mirroring, the slow host in front.
        return new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, Duration.ofSeconds(2),
                SimulatorServer.MODEL_DURATIONS, fileHost == null ? "" : fileHost.resultUrlBase(),
                settings.requests() * 2 + 1000).withChaos(settings.chaos());
    }

    /** Copying on, into the run's s3proxy, from the simulator's loopback http links (the test profile's exemptions). */
    private static Map<String, String> storageProperties(S3Server s3) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("reelay.storage.enabled", "true");
        p.put("reelay.storage.endpoint", s3.endpoint().toString());
        p.put("reelay.storage.bucket", BUCKET);
        p.put("reelay.storage.prefix", PREFIX);
        p.put("reelay.storage.path-style", "true");
        p.put("reelay.storage.create-bucket", "true");
        p.put("reelay.storage.access-key-id", S3Server.ACCESS_KEY);
        p.put("reelay.storage.secret-access-key", S3Server.SECRET_KEY);
        p.put("reelay.storage.fetch.allow-http", "true");
        p.put("reelay.storage.fetch.allow-loopback", "true");
        // Each copy takes fileTransfer: enough copies at once that the completions do not queue behind them.
        p.put("reelay.storage.concurrency", "64");
        // A copy a kill interrupted is tried again at the longest back-off after its round: 5 s, not the minute.
        p.put("reelay.mirror.max-backoff", "PT5S");
        return p;
    }

    /**
     * The run's two webhook endpoints, each with its own secret: {@code /consumer}, which answers 204 to what
     * verifies; and {@code /broken}, which verifies too but answers 500 to every call, so its deliveries are retried
     * for the whole run beside the good one. Every call is kept: the dedupe on webhook-id is the audit's.
     */
    private static WebhookReceiver webhookReceiver() throws IOException {
        WebhookReceiver receiver = WebhookReceiver.start();
        return receiver.endpoint(CONSUMER, WebhookReceiver.newSecret(), 204).endpoint(BROKEN,
                WebhookReceiver.newSecret(), 500);
    }

    /** Two subscriptions for every event, on loopback: the verifying consumer and the endpoint answering 500. */
    private static Map<String, String> webhookProperties(WebhookReceiver receiver) {
        Map<String, String> p = new LinkedHashMap<>(receiver.subscription("consumer", CONSUMER));
        p.putAll(receiver.subscription("broken", BROKEN));
        p.put("reelay.webhooks.allow-loopback", "true");
        // The worker's consumer group (not Kafka Streams): a killed member's partitions move after 10 s, not 45.
        p.put("kafka.session.timeout.ms", "10000");
        return p;
    }

    private Map<String, String> serviceProperties(BrokerProcess broker, SimulatorServer simulator,
            UpstreamOutage outage, String tokenLabKey, String hubKey) {
        // The state dir is fixed, so a restarted service finds its stores (and its Streams process id).
        Map<String, String> p = ReelayProcess.wiredTo(broker, simulator, PARTITIONS, runDir.resolve("streams-state"));
        p.put("reelay.tokenlab.base-url", outage.viaFrontDoor(simulator.tokenLabBaseUrl()));
        p.put("reelay.hub.base-url", outage.viaFrontDoor(simulator.hubBaseUrl()));
        p.put("reelay.tokenlab.api-key", tokenLabKey);
        p.put("reelay.hub.api-key", hubKey);
        // A dead member's partitions move after its session times out: shorter, so each kill costs less wall time.
        p.put("kafka-streams.consumer.session.timeout.ms", "10000");
        p.put("reelay.tracker.tick-interval", "PT0.2S");
        p.put("reelay.tracker.first-poll-delay", "PT1S");
        p.put("reelay.tracker.poll-interval", "PT1S");
        p.put("reelay.tracker.max-poll-backoff", "PT5S");
        // Adaptive polling (the default), started where the simulator's seconds-long tasks are.
        p.put("reelay.polling.expected-duration", "PT3S");
        p.put("reelay.polling.min-interval", "PT0.5S");
        p.put("reelay.polling.lag-tolerance", "PT0.5S");
        p.put("reelay.tracker.poll-timeout", "PT5S");
        p.put("reelay.tracker.submit-outcome-timeout", "PT20S");
        p.put("reelay.submitter.call-timeout", "PT5S");
        // The simulated keys stand for a high tier: the run tests faults, not the 1,000/min default budget.
        p.put("reelay.rate-budget.per-minute.tokenlab", "600000");
        p.put("reelay.rate-budget.per-minute.hub", "600000");
        // The simulator's discovery states made-up per-model limits (60-120 a minute) that would pace this run far
        // below the tier above; catalog sync has its own test (CatalogSyncIT).
        p.put("reelay.catalog.sync.enabled", "false");
        // ... and as many polls as such a tier allows, so thousands of tasks in flight keep moving.
        p.put("reelay.tracker.max-concurrent-polls", "256");
        // The submits under way at once bound what a kill may leave unknown: the report checks that bound.
        p.put("reelay.submitter.concurrency", Integer.toString(settings.submitConcurrency()));
        // Trial calls soon after the outage ends, so the run does not wait out the default 30 s.
        p.put("reelay.upstream.circuit-breaker.delay", "PT5S");
        // One tenant named with a weight and an in-flight quota (waiting, not failing), so the ledger is checked
        // through the fair queue's and the quota's paths too.
        p.put("reelay.tenants." + RequestMix.WEIGHTED + ".weight", "3");
        p.put("reelay.tenants." + RequestMix.WEIGHTED + ".max-in-flight", "20");
        return p;
    }

    private void note(String what) {
        String line = String.format("t+%6.1fs %s", (System.nanoTime() - began) / 1e9, what);
        timeline.add(line);
        System.out.println("[faults] " + line);
    }

    private void printProgress(TerminalEvents progress, PacedPublisher publisher) {
        System.out.printf("[faults] t+%6.1fs published %d/%d, ended %d%n", (System.nanoTime() - began) / 1e9,
                publisher.published(), settings.requests(), progress.requestsEnded());
    }

    /** Deletes what earlier runs left under {@code workDir}. */
    static void clean(Path workDir) {
        EmbeddedKafkaBroker.deleteRecursively(workDir);
    }
}
