package io.reelay.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.simulator.RateLimit;
import io.reelay.simulator.SimulatorCall;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TaskTiming;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;

/**
 * Part 5: issue 15's fair scheduling on one shared upstream budget, beside first-come scheduling in the same run (the
 * service redeployed with {@code reelay.scheduling.policy=first-come}). TokenLab's 1,000 requests a minute, submits
 * and polls together, time-compressed: the service's budget and the simulator's enforced limit are both 1,000 / scale
 * a minute of wall time, each a token bucket holding 5 s (the service's {@code RateBudget} holds 5 s of wall time
 * whatever the compression), so any 429 is a call above the service's own budget as the upstream saw it.
 *
 * <p>Tenant A publishes {@link BenchmarkSettings#fairnessRequests()} at once; tenant B publishes one request a second
 * of wall time (one every 10 s of simulated time at x10: B stays light, 0.6 % of the budget) until A's last request is
 * submitted. Same priority, same model. The upstream tasks run for hours and the service knows it, so no poll takes
 * the budget while A drains: every finished task costs at least one poll, so with quick tasks submits could take at
 * most half of a budget shared with polls, and A's drain would measure polling, not scheduling.
 *
 * <p>B's wait runs from its admission (the {@code submitting} event's {@code occurred_at}, the service's clock) to its
 * submit reaching the simulator (the simulator's record of the task's creation, this JVM's clock): one machine, one
 * system clock. It is reported in wall-clock seconds, not rescaled: the fixed costs in it (two committed marks) do not
 * compress; one budget slot does (60 ms at 1,000 a minute, 6 ms at x10).
 */
final class FairnessPart {

    static final String TENANT_A = "tenant-a";
    static final String TENANT_B = "tenant-b";
    /** Requests a minute of the one key (TokenLab's published limit), before compression. */
    static final int BUDGET_PER_MINUTE = 1_000;
    /** The upstream's bucket holds this much of its rate (the simulator's); the service's RateBudget a second less. */
    static final Duration BURST = Duration.ofSeconds(5);
    /** A's submits before this share of them are left out of its drain rate: the buckets start full. */
    private static final double WARM_SHARE = 0.05;
    private static final String MODEL = Workload.SLEEPER_MODEL;

    private final BenchmarkSettings settings;
    private final BenchmarkReport report;
    private final String bootstrapServers;
    private final String runId;
    private final BiFunction<SimulatorServer, String, Map<String, String>> properties;
    private final MirrorPart.Starter starter;

    FairnessPart(BenchmarkSettings settings, BenchmarkReport report, String bootstrapServers, String runId,
            BiFunction<SimulatorServer, String, Map<String, String>> properties, MirrorPart.Starter starter) {
        this.settings = settings;
        this.report = report;
        this.bootstrapServers = bootstrapServers;
        this.runId = runId;
        this.properties = properties;
        this.starter = starter;
    }

    /** What one policy's run measured. Times in wall-clock seconds. */
    record Result(String policy, int aRequests, int aSubmitted, int bRequests, int bSubmitted, Percentiles bWait,
            Percentiles bQueued, Percentiles bWaitAfterAdmissions, double aPerMinute, double drainSeconds,
            double bPerMinute, double callsPerMinute, long answers429, double budgetPerMinute) {

        /** A's submits a minute over the budget a minute, both in wall time. */
        double aShare() {
            return aPerMinute / budgetPerMinute;
        }
    }

    void run() throws Exception {
        double scale = settings.fairnessTimeScale();
        report.note(String.format(Locale.ROOT, "fairness: tenant A publishes %,d requests at once, tenant B one a "
                + "second of wall time until A's are submitted; one budget of %,d requests a minute (service and "
                + "simulator alike), time-compressed x%.0f; upstream tasks run for hours (no polls while A drains)",
                settings.fairnessRequests(), BUDGET_PER_MINUTE, 1 / scale));
        Result fair = policy("fair");
        Result firstCome = policy("first-come");
        report.fairness(fair, firstCome, scale);
    }

    private Result policy(String policy) throws Exception {
        double scale = settings.fairnessTimeScale();
        int perMinute = (int) Math.round(BUDGET_PER_MINUTE / scale);
        int n = settings.fairnessRequests();
        int maxB = (int) Math.ceil(n * 60.0 / perMinute * 3) + 120;
        SimulatorSettings sleepers = new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, Duration.ofHours(10),
                Map.of(), "https://cdn.reelay-simulator.test/videos", n + maxB + 1_000)
                .withRateLimit(new RateLimit(perMinute, BURST));
        try (SimulatorServer simulator = SimulatorServer.start(sleepers, 4 * (n + maxB) + 10_000)) {
            Map<String, String> p = properties.apply(simulator, "fairness-" + policy);
            p.put("reelay.rate-budget.per-minute.tokenlab", Integer.toString(perMinute));
            p.put("reelay.scheduling.policy", policy);
            // What the operator knows of these tasks: they take hours, so none is polled while A drains.
            p.put("reelay.polling.model-expected-durations.\"" + MODEL + "\"", "PT10H");
            // The service's timings compressed like the budget (as the poll-economy part does).
            p.put("reelay.tracker.tick-interval", Duration.ofMillis(Math.max(10, Math.round(100 * scale))).toString());
            p.put("kafka-streams.poll.ms", "10");
            // Not the commit interval (Kafka Streams' 100 ms under exactly-once): a commit is a fixed cost that does not
            // compress, and one every 20 ms spends the tracker's time committing rather than reading back the marks.
            // A permit is held from the budget's grant through two committed marks to the answer recorded: round
            // trips that do not compress. Submits in flight grow with the compressed rate, so the permits do too.
            p.put("reelay.submitter.concurrency", Long.toString(Math.round(128 / scale)));
            ReelayProcess service = starter.start(p, "fairness-" + policy);
            String prefix = runId + "-q" + (policy.equals("fair") ? "f" : "c") + "-";
            String aPrefix = prefix + "a-";
            String bPrefix = prefix + "b-";
            try (TaskEvents events = new TaskEvents(bootstrapServers, prefix);
                    Publisher publisher = new Publisher(bootstrapServers)) {
                AtomicBoolean drained = new AtomicBoolean();
                AtomicInteger bPublished = new AtomicInteger();
                Thread b = new Thread(() -> publishB(bPrefix, drained, bPublished, maxB), "bench-fairness-b");
                b.setDaemon(true);
                b.start();
                publisher.burst(n, i -> tenant(Workload.request(aPrefix + i, MODEL, 8, "720p"), TENANT_A));
                Duration drainWait = Duration.ofMillis(Math.round(n * 60_000.0 / perMinute * 3) + 120_000);
                boolean allA = awaitSubmitted(simulator, aPrefix, n, drainWait);
                drained.set(true);
                b.join(10_000);
                int bCount = bPublished.get();
                awaitSubmitted(simulator, bPrefix, bCount, Duration.ofSeconds(60));
                // The last events' commits, so every admission is read.
                events.awaitAdmitted(n + bCount, Duration.ofSeconds(30));
                if (!allA) {
                    report.problem("fairness (" + policy + "): A's requests not all submitted within " + drainWait);
                }
                printServiceTimings(policy, service);
                return measure(policy, simulator, events, aPrefix, bPrefix, n, bCount, perMinute);
            } finally {
                service.stop();
            }
        }
    }

    /** What the service measured of itself: each mark's read-back (A's and B's alike), and the calls' pacing. */
    private static void printServiceTimings(String policy, ReelayProcess service) {
        try {
            String text = service.metrics();
            String marks = "reelay_tracker_mark_read_back_seconds";
            System.out.printf(Locale.ROOT, "[bench] fairness %s: service, mark written -> read back: submitting %s; "
                    + "sending %s; call paced %s%n", policy,
                    PromHistogram.of(text, marks, "mark=\"submitting\"").format(),
                    PromHistogram.of(text, marks, "mark=\"sending\"").format(),
                    PromHistogram.of(text, "reelay_upstream_call_paced_seconds", "call=\"submit\"").format());
        } catch (java.io.IOException e) {
            System.out.println("[bench] fairness " + policy + ": the service's metrics did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishB(String prefix, AtomicBoolean drained, AtomicInteger published, int max) {
        try (Publisher publisher = new Publisher(bootstrapServers)) {
            long start = System.nanoTime();
            for (int i = 0; !drained.get() && i < max; i++) {
                long wait = start + i * 1_000_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (drained.get()) {
                    break;
                }
                int n = i;
                publisher.burst(1, k -> tenant(Workload.request(prefix + n, MODEL, 8, "720p"), TENANT_B));
                published.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            report.problem("fairness: tenant B's publisher failed: " + e);
        }
    }

    private static VideoRequested tenant(VideoRequested request, String tenant) {
        request.setTenant(tenant);
        return request;
    }

    private static boolean awaitSubmitted(SimulatorServer simulator, String prefix, int count, Duration within) {
        try {
            org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(200))
                    .until(() -> submits(simulator, prefix).size() >= count);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** The submits that created a task for requests of this prefix, as the simulator recorded them, by arrival. */
    private static List<SimulatorCall> submits(SimulatorServer simulator, String prefix) {
        return simulator.callLog().calls().stream().filter(c -> "POST".equals(c.method()) && c.taskId() != null
                && c.status() == 200 && c.requestId() != null && c.requestId().startsWith(prefix)).toList();
    }

    private Result measure(String policy, SimulatorServer simulator, TaskEvents events, String aPrefix,
            String bPrefix, int n, int bCount, int perMinute) {
        List<SimulatorCall> a = submits(simulator, aPrefix);
        List<SimulatorCall> all = simulator.callLog().calls();
        long answers429 = all.stream().filter(c -> c.status() == 429).count();
        // A's drain: from its submit at WARM_SHARE (the buckets' initial burst spent) to its last one.
        double aPerMinute = 0;
        double bPerMinute = 0;
        double callsPerMinute = 0;
        double seconds = 0;
        if (a.size() > 20) {
            int from = (int) Math.ceil(a.size() * WARM_SHARE);
            long t0 = a.get(from).at().toEpochMilli();
            long t1 = a.get(a.size() - 1).at().toEpochMilli();
            seconds = Math.max(1, t1 - t0) / 1000.0;
            aPerMinute = (a.size() - 1 - from) / seconds * 60;
            long bIn = submits(simulator, bPrefix).stream().filter(c -> c.at().toEpochMilli() > t0
                    && c.at().toEpochMilli() <= t1).count();
            long callsIn = all.stream().filter(c -> c.at().toEpochMilli() > t0 && c.at().toEpochMilli() <= t1).count();
            bPerMinute = bIn / seconds * 60;
            callsPerMinute = callsIn / seconds * 60;
        }
        long lastAAdmission = events.lastAdmission(aPrefix);
        List<Double> waits = new ArrayList<>();
        List<Double> queued = new ArrayList<>();
        List<Double> steady = new ArrayList<>();
        List<Double> readBack = new ArrayList<>();
        List<Double> inQueue = new ArrayList<>();
        List<Double> afterGrant = new ArrayList<>();
        int bSubmitted = 0;
        for (int i = 0; i < bCount; i++) {
            String id = bPrefix + i;
            Long admitted = events.admittedAt(id);
            TaskTiming timing = simulator.callLog().timingFor(id).orElse(null);
            if (admitted == null || timing == null) {
                report.problem("fairness (" + policy + "): " + id + (admitted == null ? " never admitted"
                        : " never submitted"));
                continue;
            }
            bSubmitted++;
            double wait = (timing.createdAt().toEpochMilli() - admitted) / 1000.0;
            waits.add(wait);
            if (admitted > lastAAdmission) {
                steady.add(wait);
            }
            Long marked = events.markedAt(id);
            if (marked != null) {
                queued.add((marked - admitted) / 1000.0);
            }
            if (marked != null) {
                afterGrant.add((timing.createdAt().toEpochMilli() - marked) / 1000.0);
            }
            Long waited = events.queuedAt(id);
            if (waited != null && marked != null) {
                readBack.add((waited - admitted) / 1000.0);
                inQueue.add((marked - waited) / 1000.0);
            }
        }
        System.out.printf(Locale.ROOT, "[bench] fairness %s: A %d/%d submitted, B %d/%d, B wait %s, 429s %d%n",
                policy, a.size(), n, bSubmitted, bCount, Percentiles.of(waits).format(), answers429);
        // Where B's wait went, for the ones that had to wait a tick (their queued record): admission -> intent read
        // back and queued, then queued -> budget granted.
        System.out.printf(Locale.ROOT, "[bench] fairness %s: B waited %d: admission -> queued %s; queued -> granted %s%n",
                policy, readBack.size(), Percentiles.of(readBack).format(), Percentiles.of(inQueue).format());
        System.out.printf(Locale.ROOT, "[bench] fairness %s: B granted -> submit reached the simulator %s%n", policy,
                Percentiles.of(afterGrant).format());
        return new Result(policy, n, a.size(), bCount, bSubmitted, Percentiles.of(waits), Percentiles.of(queued),
                Percentiles.of(steady), aPerMinute, seconds, bPerMinute, callsPerMinute, answers429, perMinute);
    }

    /**
     * The {@code submitting} (admission) and {@code sending} (the paid call's mark, written when the budget was
     * granted) events of requests with a prefix, read committed, by their {@code occurred_at}.
     */
    static final class TaskEvents implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final String prefix;
        private final Map<String, Long> admitted = new ConcurrentHashMap<>();
        private final Map<String, Long> marked = new ConcurrentHashMap<>();
        private final Map<String, Long> queued = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean closed;

        TaskEvents(String bootstrapServers, String prefix) {
            this.prefix = prefix;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + prefix,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                    new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.TASKS));
            // Joined and positioned before anything is published: "latest" then means "from now".
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.assignment().forEach(consumer::position);
            this.thread = new Thread(this::loop, "bench-fairness-events");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void loop() {
            AvroSerde<VideoTaskEvent> serde = AvroSerde.of(VideoTaskEvent.class);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    VideoTaskEvent event = serde.decode(r.value());
                    long at = event.getOccurredAt().toEpochMilli();
                    if (event.getType() == VideoTaskEventType.submitting) {
                        admitted.putIfAbsent(r.key(), at);
                    } else if (event.getType() == VideoTaskEventType.sending) {
                        marked.putIfAbsent(r.key(), at);
                    } else if (event.getType() == VideoTaskEventType.queued) {
                        queued.putIfAbsent(r.key(), at);
                    }
                }
            }
            consumer.close(Duration.ofSeconds(5));
        }

        Long admittedAt(String requestId) {
            return admitted.get(requestId);
        }

        Long markedAt(String requestId) {
            return marked.get(requestId);
        }

        /** When its {@code queued} record was written: its intent read back, and it had to wait; or null. */
        Long queuedAt(String requestId) {
            return queued.get(requestId);
        }

        /** The latest admission of requests with this prefix (epoch ms), or 0. */
        long lastAdmission(String requestPrefix) {
            return admitted.entrySet().stream().filter(e -> e.getKey().startsWith(requestPrefix))
                    .mapToLong(Map.Entry::getValue).max().orElse(0);
        }

        void awaitAdmitted(int count, Duration within) {
            try {
                org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                        .until(() -> admitted.size() >= count);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the requests not admitted are reported one by one
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.join(10_000);
        }
    }
}
