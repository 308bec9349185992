package io.reelay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TaskDurations;
import io.reelay.simulator.TaskTiming;
import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.broker.TopicAdmin;
import io.reelay.testing.process.BrokerProcess;
import io.reelay.testing.process.Ports;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;
import io.vertx.core.json.JsonObject;

/**
 * One benchmark run: a broker JVM, the packaged service (a JVM of its own, -Xmx1g, restarted with each
 * part's settings), and the simulators in this JVM; then the five parts of the table. Everything is real
 * time on a real broker: figures come with the machine's noise, so each part's baselines are measured in
 * the same run.
 */
final class BenchmarkRun {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(3);
    private static final String SERVICE_OVERRIDE = "reelay.bench.service.";
    private static final String KEY = "sk-reelay-bench-" + UUID.randomUUID().toString().substring(0, 8);

    private final BenchmarkSettings settings;
    private final Path jar;
    private final Path runDir;
    private final String runId = "b" + UUID.randomUUID().toString().substring(0, 6);
    private final BenchmarkReport report;
    private BrokerProcess broker;

    BenchmarkRun(BenchmarkSettings settings, Path jar, Path workDir) {
        this.settings = settings;
        this.jar = jar;
        this.runDir = workDir.resolve(runId);
        this.report = new BenchmarkReport(settings);
    }

    BenchmarkReport run() throws Exception {
        Files.createDirectories(runDir);
        broker = new BrokerProcess(Ports.free(), runDir.resolve("kafka-logs"), runDir.resolve("broker.log"));
        broker.start();
        try {
            TopicAdmin.createTopics(broker.bootstrapServers(), Topics.ALL, settings.partitions());
            if (settings.runs("throughput")) {
                throughput();
            }
            if (settings.runs("economy")) {
                economy();
            }
            // Before the scale part, whose hours-long tasks stay in the stores when it ends: every earlier task has
            // ended, so the mirror's service polls only its own.
            if (settings.runs("mirror")) {
                new MirrorPart(settings, report, broker.bootstrapServers(), runDir, runId, this::serviceProperties,
                        this::start).run();
            }
            if (settings.runs("scale")) {
                scale();
            }
            // Last: its hours-long tasks stay in the stores (none is polled while the part runs).
            if (settings.runs("fairness")) {
                new FairnessPart(settings, report, broker.bootstrapServers(), runId, this::serviceProperties,
                        this::start).run();
            }
        } finally {
            broker.stop();
        }
        return report;
    }

    // ------------------------------------------------------------------ 1. throughput

    private void throughput() throws Exception {
        int count = settings.throughputRequests();
        report.note("throughput: " + count + " requests, simulator completing at once");
        // A warm-up of 5 % (JIT, connections, first fetches), not counted.
        int warmUp = Math.max(20, count / 20);
        SimulatorSettings instant = new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, Duration.ZERO, Map.of(),
                "https://cdn.reelay-simulator.test/videos", count + warmUp + 1_000);
        try (SimulatorServer simulator = SimulatorServer.start(instant, 1_000)) {
            Map<String, String> p = serviceProperties(simulator, "throughput");
            throughputSettings(p);
            ReelayProcess service = start(p, "throughput");
            try {
                report.throughput(measureThroughput("throughput", service, broker.bootstrapServers(), runId + "-t-",
                        count, warmUp, new Publisher(broker.bootstrapServers())));
            } finally {
                service.stop();
            }
            if (settings.baseline()) {
                baseline(simulator, count, warmUp);
            } else {
                report.baselineNotRun(settings.mode() + " size; -Dreelay.bench.baseline=true builds and runs it");
            }
            // The floors, on the same broker and simulator, while nothing else runs.
            KafkaFloor.Result kafka = new KafkaFloor(broker.bootstrapServers())
                    .run(settings.kafkaFloorRecords(), settings.partitions());
            String pollUrl = simulatorTask(simulator);
            HttpFloor.Result http = new HttpFloor(64, Duration.ofMillis(500), Duration.ofSeconds(settings.httpFloorSeconds()))
                    .run(pollUrl);
            report.floors(kafka, http);
        }
    }

    /** What the throughput part sets, the same for this build and the previous release. */
    private static void throughputSettings(Map<String, String> p) {
        p.put("reelay.rate-budget.per-minute.tokenlab", "60000000");
        p.put("reelay.polling.expected-duration", "PT0.05S");
        p.put("reelay.polling.min-interval", "PT0.05S");
        // An upstream answering in a millisecond: concurrency is bound by the marks' commit round trips, not
        // by the upstream, so more attempts are let in flight than against a real one.
        p.put("reelay.submitter.concurrency", System.getProperty("reelay.bench.submit-concurrency", "1024"));
        p.put("reelay.tracker.max-concurrent-polls", System.getProperty("reelay.bench.poll-concurrency", "1024"));
    }

    /**
     * A warm-up, then {@code count} requests at once: the time from the first publish to the last terminal event
     * consumed, and the service's CPU time (all its threads, from /proc) over the same window.
     */
    private BenchmarkReport.Throughput measureThroughput(String part, ReelayProcess service, String bootstrapServers,
            String prefix, int count, int warmUp, Publisher publisher) throws Exception {
        try (publisher; Outcomes outcomes = new Outcomes(bootstrapServers, prefix, false)) {
            publisher.burst(warmUp, n -> Workload.request(prefix + "w" + n, Workload.INSTANT_MODEL, 5, "720p"));
            outcomes.awaitEnded(warmUp, Duration.ofMinutes(2));
            ProcessSampler sampler = new ProcessSampler(service.pid());
            // What the service burns with nothing to do, for reading the figure: the window counts it too.
            double idleCores = sampler.coresOver(IDLE_SAMPLE);
            long cpuBefore = sampler.cpuNanos();
            long jitBefore = sampler.compilerCpuNanos();
            long start = System.currentTimeMillis();
            publisher.burst(count, n -> Workload.request(prefix + n, Workload.INSTANT_MODEL, 5, "720p"));
            long published = System.currentTimeMillis();
            boolean all = outcomes.awaitEnded(warmUp + count, Duration.ofMinutes(10));
            // Within a poll (20 ms) of the last completion consumed: the window's idle tail is a few ms of CPU.
            long cpuAfter = sampler.cpuNanos();
            long jitAfter = sampler.compilerCpuNanos();
            long last = 0;
            long completed = 0;
            for (int n = 0; n < count; n++) {
                Outcomes.Outcome o = outcomes.of(prefix + n);
                if (o != null && !o.completed()) {
                    report.problem(part + ": " + prefix + n + " failed: " + o.failure());
                }
                if (o != null) {
                    last = Math.max(last, o.receivedAtMs());
                    completed += o.completed() ? 1 : 0;
                }
            }
            return new BenchmarkReport.Throughput(count, completed, all, (last - start) / 1000.0,
                    (published - start) / 1000.0, (cpuAfter - cpuBefore) / 1e9, idleCores,
                    (jitAfter - jitBefore) / 1e9);
        }
    }

    /**
     * The previous release (see {@link Baseline}) built from its ref and measured as this build was: same simulator,
     * workload, service settings and JVM flags. Its topic names are this build's and fixed in its code, so it gets a
     * broker of its own, like the first (the first one idles meanwhile): no topic, offset or changelog of one
     * release is read by the other.
     */
    private void baseline(SimulatorServer simulator, int count, int warmUp) throws Exception {
        long began = System.nanoTime();
        Path repo = Path.of("").toAbsolutePath();
        Baseline.Built built;
        try {
            Baseline.Ref ref = Baseline.resolve(repo, settings.baselineRef());
            built = Baseline.build(repo, ref, Path.of("target", "baseline"), runDir.resolve("baseline-build.log"));
        } catch (RuntimeException e) {
            report.problem("throughput baseline (-Dreelay.bench.baseline=false measures without it): "
                    + e.getMessage());
            report.baselineNotRun("failed: " + e.getMessage());
            return;
        }
        BrokerProcess own = new BrokerProcess(Ports.free(), runDir.resolve("baseline-kafka-logs"),
                runDir.resolve("baseline-broker.log"));
        own.start();
        try {
            TopicAdmin.createTopics(own.bootstrapServers(), Topics.ALL, settings.partitions());
            Map<String, String> p = wired(own, simulator, runDir.resolve("baseline-streams-state"));
            throughputSettings(p);
            ReelayProcess service = new ReelayProcess(built.jar(), p, Ports.free(),
                    runDir.resolve("service-baseline.log"));
            try {
                service.start(READY);
                report.baselineThroughput(built.ref().label(), measureThroughput("baseline " + built.ref().label(),
                        service, own.bootstrapServers(), runId + "-v-", count, warmUp,
                        new Publisher(own.bootstrapServers(), Baseline.requestEncoder(built.source()))));
            } catch (RuntimeException e) {
                // An older release may not start in this harness (a key or contract it does not know): a problem of
                // this part, and the other parts still run.
                report.problem("throughput baseline " + built.ref().label() + ": " + e.getMessage());
                report.baselineNotRun("failed: " + e.getMessage());
            } finally {
                service.stop();
            }
        } finally {
            own.stop();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        report.note(String.format(java.util.Locale.ROOT, "baseline %s added %.0f s: %s, then %.0f s for its broker, "
                + "service and run", built.ref().label(), seconds, built.reused() ? "its jar of an earlier run reused"
                        : String.format(java.util.Locale.ROOT, "built in %.0f s", built.buildSeconds()),
                seconds - built.buildSeconds()));
    }

    /** Submits one task to the simulator and returns its poll URL: what the HTTP floor polls. */
    private static String simulatorTask(SimulatorServer simulator) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(simulator.tokenLabBaseUrl() + "/v1/videos/generations"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("model", Workload.INSTANT_MODEL)
                        .put("prompt", "floor").encode())).build(), HttpResponse.BodyHandlers.ofString());
        return simulator.tokenLabBaseUrl() + new JsonObject(answer.body()).getString("poll_url");
    }

    // ------------------------------------------------------------------ 2. poll economy

    private void economy() throws Exception {
        double scale = settings.timeScale();
        report.note(String.format(java.util.Locale.ROOT, "poll economy: %d tasks per strategy arriving over %d s, "
                + "log-normal durations (sigma 0.3) around %s, time-compressed x%.0f", settings.economyTasks(),
                settings.economyArrivalSeconds(), "40-280 s medians x clip/resolution (about 40-600 s)", 1 / scale));
        SimulatorSettings timed = new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, Duration.ofSeconds(120),
                Workload.MEDIANS, "https://cdn.reelay-simulator.test/videos", 4 * settings.economyTasks() + 1_000)
                .withDurations(TaskDurations.logNormal(0.3, scale, 11));
        try (SimulatorServer simulator = SimulatorServer.start(timed, 8 * settings.economyTasks() + 1_000)) {
            Map<String, String> adaptive = economyProperties(simulator, "adaptive");
            strategy("Reelay adaptive", adaptive, simulator, runId + "-a-", true);
            Map<String, String> fixed = economyProperties(simulator, "fixed");
            fixed.put("reelay.polling.strategy", "fixed");
            fixed.put("reelay.tracker.first-poll-delay", scaled(Duration.ofSeconds(5)));
            fixed.put("reelay.tracker.poll-interval", scaled(Duration.ofSeconds(5)));
            strategy("Reelay fixed 5 s", fixed, simulator, runId + "-f-", false);
        }
    }

    /** The service's timings, compressed like the simulator's durations. */
    private Map<String, String> economyProperties(SimulatorServer simulator, String name) {
        Map<String, String> p = serviceProperties(simulator, name);
        double scale = settings.timeScale();
        // TokenLab's published 1,000 requests a minute per key, in compressed time.
        p.put("reelay.rate-budget.per-minute.tokenlab", Long.toString(Math.round(1_000 / scale)));
        p.put("reelay.polling.lag-tolerance", scaled(Duration.ofMillis(1_500)));
        p.put("reelay.polling.lag-tolerance-max", scaled(Duration.ofSeconds(15)));
        p.put("reelay.polling.min-interval", scaled(Duration.ofSeconds(1)));
        p.put("reelay.polling.max-interval", scaled(Duration.ofMinutes(5)));
        p.put("reelay.polling.expected-duration", scaled(Duration.ofMinutes(2)));
        p.put("reelay.polling.share-interval", scaled(Duration.ofSeconds(1)));
        p.put("reelay.tracker.max-wait", scaled(Duration.ofHours(2)));
        p.put("reelay.tracker.tick-interval", Duration.ofMillis(Math.max(10, Math.round(100 * scale))).toString());
        p.put("kafka-streams.poll.ms", "10");
        p.put("kafka-streams.commit.interval.ms", Long.toString(Math.max(20, Math.round(100 * scale))));
        return p;
    }

    private String scaled(Duration real) {
        return Duration.ofMillis(Math.max(1, Math.round(real.toMillis() * settings.timeScale()))).toString();
    }

    private void strategy(String name, Map<String, String> properties, SimulatorServer simulator, String prefix,
            boolean withGateway) throws Exception {
        ReelayProcess service = start(properties, name.replace(' ', '-'));
        int count = settings.economyTasks();
        Duration window = Duration.ofMillis(Math.round(settings.economyArrivalSeconds() * 1000 * settings.timeScale()));
        FixedPassGateway gateway = withGateway ? new FixedPassGateway(KEY, settings.timeScale()) : null;
        HttpClient http = HttpClient.newHttpClient();
        try (Outcomes outcomes = new Outcomes(broker.bootstrapServers(), prefix, false);
                Publisher publisher = new Publisher(broker.bootstrapServers())) {
            if (gateway != null) {
                gateway.start();
            }
            publisher.paced(count, window, n -> Workload.mixed(prefix + n, n), request -> {
                if (gateway != null) {
                    gatewaySubmit(http, simulator, gateway, request);
                }
            });
            // Polling every 5 s spends the budget on polls, so its submits wait (the last of 600 went out after 210 s
            // of 30 s of arrivals, compressed): an hour, compressed, once left one of its tasks unfinished.
            Duration settle = Duration.ofMillis(Math.max(60_000,
                    Math.round(Duration.ofHours(2).toMillis() * settings.timeScale())));
            outcomes.awaitEnded(count, settle);
            List<Sample> samples = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                Outcomes.Outcome o = outcomes.of(prefix + n);
                if (o == null || !o.completed()) {
                    report.problem(name + ": " + prefix + n + (o == null ? " never ended" : " failed: " + o.failure()));
                    continue;
                }
                TaskTiming timing = simulator.callLog().timingOfTask(o.upstreamTaskId()).orElse(null);
                if (timing != null) {
                    samples.add(new Sample(timing.duration().toMillis(), o.receivedAtMs() - timing.finishesAt().toEpochMilli(),
                            timing.polls()));
                }
            }
            report.economy(name, count, samples, settings.timeScale());
            writeEconomyTasks(name, prefix, count, outcomes, simulator);
            if (gateway != null) {
                gateway.awaitAllDone(settle);
                List<Sample> gatewaySamples = new ArrayList<>();
                gateway.results().values().forEach(r -> {
                    TaskTiming timing = simulator.callLog().timingOfTask(r.taskId()).orElse(null);
                    if (timing != null && r.done()) {
                        gatewaySamples.add(new Sample(timing.duration().toMillis(),
                                r.detectedAt().toEpochMilli() - timing.finishesAt().toEpochMilli(), r.polls()));
                    }
                });
                report.economy("fixed-pass gateway (15 s pass, 1 s per task)", count, gatewaySamples,
                        settings.timeScale());
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            service.stop();
        }
    }

    /**
     * Each task of a strategy's run, one line each, for reading where its polls went: the request's class, when it
     * was created upstream (ms after the first), its duration, its detection lag, and each poll's time after its
     * creation (all compressed ms, as measured). Beside the run's log: economy-<strategy>.csv.
     */
    private void writeEconomyTasks(String name, String prefix, int count, Outcomes outcomes, SimulatorServer simulator)
            throws java.io.IOException {
        Map<String, List<Long>> pollTimes = new java.util.HashMap<>();
        for (io.reelay.simulator.SimulatorCall call : simulator.callLog().calls()) {
            if ("GET".equals(call.method()) && call.taskId() != null) {
                pollTimes.computeIfAbsent(call.taskId(), k -> new ArrayList<>()).add(call.at().toEpochMilli());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("n,model,clip,resolution,created_ms,duration_ms,lag_ms,polls,poll_offsets_ms");
        long first = Long.MAX_VALUE;
        List<TaskTiming> timings = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Outcomes.Outcome o = outcomes.of(prefix + n);
            TaskTiming t = o == null || o.upstreamTaskId() == null ? null
                    : simulator.callLog().timingOfTask(o.upstreamTaskId()).orElse(null);
            timings.add(t);
            if (t != null) {
                first = Math.min(first, t.createdAt().toEpochMilli());
            }
        }
        for (int n = 0; n < count; n++) {
            TaskTiming t = timings.get(n);
            if (t == null) {
                continue;
            }
            VideoRequested r = Workload.mixed(prefix + n, n);
            long created = t.createdAt().toEpochMilli();
            StringBuilder polls = new StringBuilder();
            for (long at : pollTimes.getOrDefault(t.taskId(), List.of())) {
                polls.append(polls.isEmpty() ? "" : ";").append(at - created);
            }
            Outcomes.Outcome o = outcomes.of(prefix + n);
            lines.add(String.join(",", Integer.toString(n), r.getModel(), String.valueOf(r.getDuration()),
                    r.getResolution(), Long.toString(created - first), Long.toString(t.duration().toMillis()),
                    Long.toString(o.receivedAtMs() - t.finishesAt().toEpochMilli()), Integer.toString(t.polls()),
                    polls.toString()));
        }
        Files.write(runDir.resolve("economy-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".csv"), lines);
    }

    /** The gateway baseline gets the same request (same id, so the simulator draws the same duration). */
    private static void gatewaySubmit(HttpClient http, SimulatorServer simulator, FixedPassGateway gateway,
            VideoRequested request) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(simulator.tokenLabBaseUrl() + "/v1/videos/generations"))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .header("X-Request-Id", request.getRequestId())
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("model", request.getModel())
                            .put("prompt", request.getPrompt()).put("operation", request.getOperation())
                            .put("duration", request.getDuration()).put("resolution", request.getResolution())
                            .encode())).build(), HttpResponse.BodyHandlers.ofString());
            JsonObject task = new JsonObject(answer.body());
            gateway.add(task.getString("id"), simulator.tokenLabBaseUrl() + task.getString("poll_url"));
        } catch (Exception e) {
            throw new IllegalStateException("the gateway baseline could not submit", e);
        }
    }

    /** One completed task: its upstream duration, its detection lag (both compressed ms) and the polls it took. */
    record Sample(long durationMs, long lagMs, int polls) {
    }

    // ------------------------------------------------------------------ 3. scale

    private void scale() throws Exception {
        int count = settings.inFlight();
        report.note("scale: " + count + " tasks held in flight (upstream tasks that run for hours)");
        SimulatorSettings sleepers = new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, Duration.ofHours(10),
                Map.of(), "https://cdn.reelay-simulator.test/videos", count + 1_000);
        try (SimulatorServer simulator = SimulatorServer.start(sleepers, 1_000)) {
            Map<String, String> p = serviceProperties(simulator, "scale");
            p.put("reelay.rate-budget.per-minute.tokenlab", "60000000");
            // The simulator answers a submit at once, as in part 1: a permit's turn is then the sending mark's commit
            // and read-back (about 0.2 s), not the call, so the permits part 1 lets in flight, not 128 (which held the
            // load at 128 / 0.2 s, about 600 a second, whatever the service could do).
            p.put("reelay.submitter.concurrency", System.getProperty("reelay.bench.submit-concurrency", "1024"));
            // What the operator knows of these tasks: they take hours, so nothing is polled while they are measured.
            p.put("reelay.polling.model-expected-durations.\"" + Workload.SLEEPER_MODEL + "\"", "PT10H");
            // And no task waits unpolled longer than max-interval (5 minutes by default), whatever it is expected to
            // take: a million loaded over ten minutes were polled 1.4 million times before the load ended, a
            // thousand and more polls a second that took the loading's CPU and were the "idle" figure.
            p.put("reelay.polling.max-interval", "PT10H");
            ReelayProcess service = start(p, "scale");
            try {
                ProcessSampler before = new ProcessSampler(service.pid());
                long heapBefore = before.heapUsedAfterGcBytes();
                long rssBefore = before.rssBytes();
                // The baseline of the idle figure below: the same measurement with nothing in flight.
                BenchmarkReport.IdleCpu empty = idleCpu(before, "with none in flight");
                String prefix = runId + "-s-";
                long began = System.nanoTime();
                try (Outcomes outcomes = new Outcomes(broker.bootstrapServers(), prefix, true);
                        Publisher publisher = new Publisher(broker.bootstrapServers())) {
                    publisher.burst(count, n -> Workload.request(prefix + n, Workload.SLEEPER_MODEL, 8, "720p"));
                    boolean all = outcomes.awaitCreated(count, Duration.ofMinutes(60));
                    double loadSeconds = (System.nanoTime() - began) / 1e9;
                    ProcessSampler sampler = new ProcessSampler(service.pid());
                    long heap = sampler.heapUsedAfterGcBytes();
                    long rss = sampler.rssBytes();
                    BenchmarkReport.IdleCpu waiting = idleCpu(sampler, String.format(Locale.ROOT, "while %,d tasks wait", count));
                    long submitsBefore = simulator.callLog().submitAttempts();
                    service.kill();
                    deleteRecursively(runDir.resolve("streams-state"));
                    long restart = System.nanoTime();
                    service.start(READY);
                    double restoreSeconds = (System.nanoTime() - restart) / 1e9;
                    long submitsAfter = submitsAfterRestart(simulator, submitsBefore);
                    report.scale(count, outcomes.created(), all, loadSeconds, heapBefore, heap, rssBefore, rss, waiting,
                            empty, restoreSeconds, (int) (submitsAfter - submitsBefore));
                }
            } finally {
                service.stop();
            }
        }
    }

    /**
     * The service's CPU while nothing is due, every thread counted, once the load's tail has passed: its calls'
     * timeouts (a minute: each call's timer stays with the executor's scheduler until it is due, answered or not)
     * and the JIT compiling what the load made hot, then what the idle loop does.
     */
    private BenchmarkReport.IdleCpu idleCpu(ProcessSampler sampler, String label) throws InterruptedException {
        int settle = settings.cpuSettleSeconds();
        ProcessSampler.Settled settled = sampler.awaitJitQuiet(Duration.ofSeconds(Math.max(1, Math.min(10, settle))),
                Duration.ofSeconds(Math.min(60, settle)), Duration.ofSeconds(settle));
        long jitBefore = sampler.compilerCpuNanos();
        Map<Long, ProcessSampler.ThreadCpu> threadsBefore = sampler.threadCpu();
        ProcessSampler.Sample first = sampler.sample();
        Thread.sleep(Duration.ofSeconds(settings.cpuSampleSeconds()).toMillis());
        ProcessSampler.Sample last = sampler.sample();
        Map<Long, ProcessSampler.ThreadCpu> threadsAfter = sampler.threadCpu();
        double jit = (sampler.compilerCpuNanos() - jitBefore) / (double) (last.nanoTime() - first.nanoTime());
        BenchmarkReport.IdleCpu idle = new BenchmarkReport.IdleCpu(ProcessSampler.coresBetween(first, last), jit, settled);
        printBusiestThreads(label, idle, threadsBefore, threadsAfter, last.nanoTime() - first.nanoTime(), sampler);
        return idle;
    }

    /**
     * Where the idle CPU went, thread by thread, on the console (not in the table): what a change to a loop moved is
     * read here. Whole thread names come from a thread dump taken after the sample, outside it.
     */
    private static void printBusiestThreads(String label, BenchmarkReport.IdleCpu idle,
            Map<Long, ProcessSampler.ThreadCpu> before, Map<Long, ProcessSampler.ThreadCpu> after, long wallNanos,
            ProcessSampler sampler) {
        Map<Long, String> names;
        try {
            names = sampler.javaThreadNames();
        } catch (RuntimeException e) {
            names = Map.of(); // /proc's 15 characters then
        }
        List<ProcessSampler.ThreadUse> all = ProcessSampler.busiestThreads(before, after, wallNanos, names,
                Integer.MAX_VALUE);
        long total = all.stream().mapToLong(ProcessSampler.ThreadUse::cpuNanos).sum();
        System.out.printf(Locale.ROOT, "[bench] idle CPU %s: %.4f cores (threads seen: %.4f) over %.1f s, busiest threads:%n",
                label, idle.cores(), total / (double) wallNanos, wallNanos / 1e9);
        int shown = 0;
        long rest = 0;
        for (ProcessSampler.ThreadUse t : all) {
            if (shown++ < 25) {
                System.out.printf(Locale.ROOT, "[bench]   %8.4f cores %7.1f ms  %s%n", t.cores(), t.cpuNanos() / 1e6,
                        t.name());
            } else {
                rest += t.cpuNanos();
            }
        }
        if (rest > 0) {
            System.out.printf(Locale.ROOT, "[bench]   %8.4f cores %7.1f ms  (%d other threads)%n",
                    rest / (double) wallNanos, rest / 1e6, all.size() - 25);
        }
    }

    /**
     * Submits the upstream got once the restarted service has had the time to resume what it thinks unsent (it
     * looks every 10 s): every attempt counts, a second one for a request already submitted included, and the count
     * must hold still through that window.
     */
    private static long submitsAfterRestart(SimulatorServer simulator, long before) {
        Duration window = Duration.ofSeconds(12);
        try {
            org.awaitility.Awaitility.await().during(window).atMost(window.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> simulator.callLog().submitAttempts() == before);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below as submits after the restart
        }
        return simulator.callLog().submitAttempts();
    }

    // ------------------------------------------------------------------ the service

    /**
     * What every service of the benchmark runs with, this build's and the previous release's: wired to its broker and
     * the simulator, the simulator's key, the catalog as shipped and quiet logs.
     */
    private Map<String, String> wired(BrokerProcess to, SimulatorServer simulator, Path stateDir) {
        Map<String, String> p = ReelayProcess.wiredTo(to, simulator, settings.partitions(), stateDir);
        p.put("reelay.tokenlab.api-key", KEY);
        p.put("reelay.hub.api-key", KEY);
        // The simulator's discovery states made-up per-model limits (60-120 a minute) that would pace every figure
        // here, and clip lengths the workload does not keep to (veo3-fast: 4, 6 or 8 s); the benchmark measures
        // Reelay, and catalog sync has its own test (CatalogSyncIT). A release from before catalog sync ignores it.
        p.put("reelay.catalog.sync.enabled", "false");
        // One line per request and step is a log a person reads; at thousands a second it is a cost of its own.
        p.put("quarkus.log.category.\"io.reelay\".level", "WARN");
        return p;
    }

    private Map<String, String> serviceProperties(SimulatorServer simulator, String part) {
        Map<String, String> p = wired(broker, simulator, runDir.resolve("streams-state"));
        // One deployment throughout, redeployed with each part's settings: its offsets and stores carry over. A
        // static member id lets each new start take its partitions at once instead of after the old session ends.
        p.put("kafka-streams.main.consumer.group.instance.id", "reelay-bench-" + runId);
        p.put("reelay.tracker.max-concurrent-polls", "256");
        p.put("reelay.submitter.concurrency", "128");
        return p;
    }

    private ReelayProcess start(Map<String, String> properties, String name) throws InterruptedException {
        // -Dreelay.bench.service.<key>=<value> sets any service property in every part, to try a setting.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SERVICE_OVERRIDE))
                .forEach(k -> properties.put(k.substring(SERVICE_OVERRIDE.length()), System.getProperty(k)));
        ReelayProcess service = new ReelayProcess(jar, properties, Ports.free(), runDir.resolve("service-" + name + ".log"));
        service.start(READY);
        return service;
    }

    private static void deleteRecursively(Path dir) {
        EmbeddedKafkaBroker.deleteRecursively(dir);
    }
}
