package io.reelay.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.simulator.SimulatorSettings;
import io.reelay.simulator.TaskTiming;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;
import io.reelay.testing.storage.S3Server;
import io.reelay.testing.webhooks.WebhookReceiver;

/**
 * Part 4: issue 14's stored copies and webhooks, against a real S3 server (s3proxy on the filesystem, in this JVM), a
 * simulator serving its own result files padded to {@link BenchmarkSettings#mirrorFileBytes()}, and a webhook
 * receiver subscribed to every terminal event. Each figure has its baseline measured in the same run:
 * <ol>
 * <li>throughput: a burst of videos finishing together, copied through the service, against plain downloads of the
 * same files at the service's copy concurrency;</li>
 * <li>lag: videos finishing one after another, at half the throughput just measured, from the upstream's finish to
 * their {@code VideoCompleted} (which waits for the copy) consumed, against downloading each file alone and against
 * the same service's completion lag with mirroring off;</li>
 * <li>webhooks: from each completion's record timestamp to the subscription's first attempt received, against a plain
 * POST of the same event to the same receiver by this JVM as soon as it consumed the event.</li>
 * </ol>
 */
final class MirrorPart {

    /** A start of the service with these properties, its log named after {@code name}. */
    interface Starter {
        ReelayProcess start(Map<String, String> properties, String name) throws InterruptedException;
    }

    private static final String MODEL = "veo3.1";
    /** Where the service's subscription delivers (signed), and where the benchmark posts the same event itself. */
    private static final String RELAY = "/reelay";
    private static final String BASELINE = "/baseline";
    /** Every task runs this long upstream: the part measures what follows its end. */
    private static final Duration TASK = Duration.ofSeconds(1);
    private static final Duration END_WAIT = Duration.ofMinutes(20);
    /** Paced arrivals are at most this far apart, whatever the throughput (so a very slow machine still ends). */
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    /** Without copies the pace hardly matters: the mirroring-off run goes at least this fast. */
    private static final double OFF_INTERVAL_SECONDS = 2.0;

    private final BenchmarkSettings settings;
    private final BenchmarkReport report;
    private final String bootstrapServers;
    private final Path runDir;
    private final String runId;
    private final BiFunction<SimulatorServer, String, Map<String, String>> properties;
    private final Starter starter;
    private final String secret = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private final HttpClient http = HttpClient.newHttpClient();

    MirrorPart(BenchmarkSettings settings, BenchmarkReport report, String bootstrapServers, Path runDir, String runId,
            BiFunction<SimulatorServer, String, Map<String, String>> properties, Starter starter) {
        this.settings = settings;
        this.report = report;
        this.bootstrapServers = bootstrapServers;
        this.runDir = runDir;
        this.runId = runId;
        this.properties = properties;
        this.starter = starter;
    }

    void run() throws Exception {
        long fileBytes = settings.mirrorFileBytes();
        int concurrency = Integer.parseInt(System.getProperty("reelay.bench.service.reelay.storage.concurrency", "8"));
        report.note(String.format(Locale.ROOT, "mirror: videos of %s MB (the simulator's MP4 padded), %d finishing "
                + "together, then %d one after another at half the measured throughput (and again with mirroring off); "
                + "copy concurrency %d; s3proxy on the filesystem", megabytes(fileBytes), settings.mirrorBurstFiles(),
                settings.mirrorPacedFiles(), concurrency));
        int tasks = settings.mirrorBurstFiles() + 2 * settings.mirrorPacedFiles() + 100;
        SimulatorSettings simulated = new SimulatorSettings(SimulatorServer.TOKENLAB_PATH, TASK, Map.of(), "", tasks);
        // The store's files are the run's biggest: gone with the server (ownsDir), however the run ends.
        try (S3Server s3 = S3Server.start(0, runDir.resolve("s3"), true);
                SimulatorServer simulator = SimulatorServer.startServingFiles(simulated, 4 * tasks, fileBytes);
                WebhookReceiver receiver = WebhookReceiver.start().endpoint(RELAY, secret, 204)
                        .endpoint(BASELINE, null, 204)) {
            Map<String, String> on = serviceProperties(simulator, "mirror");
            storage(on, s3);
            on.put("reelay.webhooks.allow-loopback", "true");
            on.put("reelay.webhooks.subscriptions.bench.url", receiver.url(RELAY));
            on.put("reelay.webhooks.subscriptions.bench.secrets", secret);
            List<Copied> burst;
            List<Copied> paced;
            double interval;
            ReelayProcess service = starter.start(on, "mirror");
            try (Outcomes outcomes = new Outcomes(bootstrapServers, runId + "-m", false,
                    (completion, writtenAt) -> postBaseline(receiver, completion))) {
                warmUp(outcomes, simulator);
                ProcessSampler serviceCpu = new ProcessSampler(service.pid());
                ProcessSampler benchCpu = new ProcessSampler(ProcessHandle.current().pid());
                long serviceBefore = serviceCpu.cpuNanos();
                long benchBefore = benchCpu.cpuNanos();
                burst = burst(outcomes, simulator, runId + "-mb-");
                long serviceCopying = serviceCpu.cpuNanos() - serviceBefore;
                long benchCopying = benchCpu.cpuNanos() - benchBefore;
                print("burst", burst);
                long benchBeforeDownload = benchCpu.cpuNanos();
                PlainDownload.Result together = new PlainDownload(concurrency).run(urls(burst));
                long benchDownloading = benchCpu.cpuNanos() - benchBeforeDownload;
                double mirrorRate = report.mirrorThroughput(files(burst), settings.mirrorBurstFiles(), burst.size(),
                        bytes(burst), spanSeconds(burst), together);
                report.mirrorCpu(bytes(burst), serviceCopying, benchCopying, together.bytes(), benchDownloading);
                interval = Math.min(MAX_INTERVAL.toMillis() / 1000.0, fileBytes / 1e6 / Math.max(mirrorRate / 2, 1e-3));
                paced = paced(outcomes, simulator, runId + "-mp-", interval, true);
                print("paced", paced);
                PlainDownload.Result alone = new PlainDownload(1).run(urls(paced));
                report.mirrorLag(paced.size(), settings.mirrorPacedFiles(), interval, lags(paced), alone);
            } finally {
                service.stop();
            }
            Map<String, String> off = serviceProperties(simulator, "mirror-off");
            off.put("reelay.storage.enabled", "false");
            ReelayProcess plain = starter.start(off, "mirror-off");
            try (Outcomes outcomes = new Outcomes(bootstrapServers, runId + "-mo-", false)) {
                List<Copied> uncopied = paced(outcomes, simulator, runId + "-mo-",
                        Math.min(interval, OFF_INTERVAL_SECONDS), false);
                report.mirrorOffLag(uncopied.size(), settings.mirrorPacedFiles(), lags(uncopied));
            } finally {
                plain.stop();
            }
            // Read last, so the table keeps the lags together: every delivery arrived long before.
            webhooks(receiver, burst, paced);
        }
    }

    /** The run's own properties: quick detection (tasks of a second), no rate budget in the way. */
    private Map<String, String> serviceProperties(SimulatorServer simulator, String name) {
        Map<String, String> p = properties.apply(simulator, name);
        p.put("reelay.rate-budget.per-minute.tokenlab", "60000000");
        p.put("reelay.polling.expected-duration", "PT1S");
        p.put("reelay.polling.min-interval", "PT0.1S");
        p.put("reelay.polling.lag-tolerance", "PT0.2S");
        // A few hundred requests: their log lines (each step, each copy) cost nothing and explain the figures.
        p.put("quarkus.log.category.\"io.reelay\".level", "INFO");
        return p;
    }

    /** Mirroring on, into the in-JVM S3 server: the keys and exemptions of the test profile and MirrorEndToEndIT. */
    private static void storage(Map<String, String> p, S3Server s3) {
        p.put("reelay.storage.enabled", "true");
        p.put("reelay.storage.endpoint", s3.endpoint().toString());
        p.put("reelay.storage.bucket", "reelay-bench");
        p.put("reelay.storage.path-style", "true");
        p.put("reelay.storage.create-bucket", "true");
        p.put("reelay.storage.access-key-id", S3Server.ACCESS_KEY);
        p.put("reelay.storage.secret-access-key", S3Server.SECRET_KEY);
        p.put("reelay.storage.fetch.allow-http", "true");
        p.put("reelay.storage.fetch.allow-loopback", "true");
    }

    /** One completed request: its event, when its task ended upstream, and when the event was consumed. */
    record Copied(VideoCompleted completion, long finishedAtMs, long consumedAtMs, long writtenAtMs) {
    }

    /**
     * Two copies first, not counted (as the throughput part warms up): the service creates its bucket, opens its
     * connections and compiles its hot paths, so the burst measures copying, not a cold start.
     */
    private void warmUp(Outcomes outcomes, SimulatorServer simulator) throws Exception {
        String prefix = runId + "-mw-";
        try (Publisher publisher = new Publisher(bootstrapServers)) {
            publisher.burst(2, n -> Workload.request(prefix + n, MODEL, 5, "720p"));
        }
        outcomes.awaitEnded(2, END_WAIT);
        collect(outcomes, simulator, prefix, 2, true);
    }

    private List<Copied> burst(Outcomes outcomes, SimulatorServer simulator, String prefix) throws Exception {
        int count = settings.mirrorBurstFiles();
        try (Publisher publisher = new Publisher(bootstrapServers)) {
            publisher.burst(count, n -> Workload.request(prefix + n, MODEL, 5, "720p"));
        }
        outcomes.awaitEnded(outcomes.ended() + count, END_WAIT);
        return collect(outcomes, simulator, prefix, count, true);
    }

    private List<Copied> paced(Outcomes outcomes, SimulatorServer simulator, String prefix, double intervalSeconds,
            boolean mirrored) throws Exception {
        int count = settings.mirrorPacedFiles();
        int before = outcomes.ended();
        try (Publisher publisher = new Publisher(bootstrapServers)) {
            publisher.paced(count, Duration.ofMillis(Math.round(count * intervalSeconds * 1000)),
                    n -> Workload.request(prefix + n, MODEL, 5, "720p"), r -> {
                    });
        }
        outcomes.awaitEnded(before + count, END_WAIT);
        return collect(outcomes, simulator, prefix, count, mirrored);
    }

    private List<Copied> collect(Outcomes outcomes, SimulatorServer simulator, String prefix, int count,
            boolean mirrored) {
        List<Copied> copied = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Outcomes.Outcome o = outcomes.of(prefix + n);
            if (o == null || !o.completed()) {
                report.problem("mirror: " + prefix + n + (o == null ? " never ended" : " failed: " + o.failure()));
                continue;
            }
            MirrorStatus expected = mirrored ? MirrorStatus.stored : MirrorStatus.off;
            if (o.completion().getMirrorStatus() != expected) {
                report.problem("mirror: " + prefix + n + " ended with mirror_status " + o.completion().getMirrorStatus()
                        + ", not " + expected + ": " + o.completion().getMirrorFailures());
                continue;
            }
            TaskTiming timing = simulator.callLog().timingOfTask(o.upstreamTaskId()).orElse(null);
            if (timing == null) {
                report.problem("mirror: the simulator has no timing of " + prefix + n + "'s task");
                continue;
            }
            copied.add(new Copied(o.completion(), timing.finishesAt().toEpochMilli(), o.receivedAtMs(),
                    o.writtenAtMs()));
        }
        return copied;
    }

    /** The baseline POST: the same event, to the same receiver, from here, as soon as it was consumed. */
    private void postBaseline(WebhookReceiver receiver, VideoCompleted completion) {
        String body = "{\"type\":\"video.completed\",\"data\":" + json(completion) + "}";
        http.sendAsync(HttpRequest.newBuilder(URI.create(receiver.url(BASELINE)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private void webhooks(WebhookReceiver receiver, List<Copied> burst, List<Copied> paced) {
        List<Copied> all = new ArrayList<>(burst);
        all.addAll(paced);
        List<String> ids = all.stream().map(c -> c.completion().getRequestId()).toList();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ids.stream().allMatch(id -> receiver.firstArrival(RELAY, id) != null
                            && receiver.firstArrival(BASELINE, id) != null));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below as deliveries missing
        }
        List<Double> relay = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (Copied c : all) {
            String id = c.completion().getRequestId();
            Long delivered = receiver.firstArrival(RELAY, id);
            Long posted = receiver.firstArrival(BASELINE, id);
            if (delivered == null) {
                report.problem("webhooks: no delivery of " + id + "'s completion");
            } else {
                relay.add((delivered - c.writtenAtMs()) / 1000.0);
            }
            if (posted != null) {
                baseline.add((posted - c.writtenAtMs()) / 1000.0);
            }
        }
        Percentiles consumed = Percentiles.of(all.stream().mapToDouble(c -> (c.consumedAtMs() - c.writtenAtMs()) / 1000.0)
                .toArray());
        report.webhooks(ids.size(), Percentiles.of(relay),
                ids.stream().mapToLong(id -> receiver.attempts(RELAY, id)).sum(), receiver.unverified(RELAY),
                Percentiles.of(baseline), consumed);
    }

    /** The event in Avro's JSON encoding: about the size of the service's payload, and valid JSON. */
    private static String json(VideoCompleted completion) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            org.apache.avro.io.JsonEncoder encoder = org.apache.avro.io.EncoderFactory.get()
                    .jsonEncoder(VideoCompleted.getClassSchema(), out);
            new org.apache.avro.specific.SpecificDatumWriter<>(VideoCompleted.class).write(completion, encoder);
            encoder.flush();
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each request's times, for the console: where a figure came from. */
    private static void print(String phase, List<Copied> copied) {
        long origin = copied.stream().mapToLong(Copied::finishedAtMs).min().orElse(0);
        copied.forEach(c -> System.out.printf(Locale.ROOT, "[bench] mirror %s %s: upstream done +%.2f s, written +%.2f s, "
                + "consumed +%.2f s%n", phase, c.completion().getRequestId(), (c.finishedAtMs() - origin) / 1000.0,
                (c.writtenAtMs() - origin) / 1000.0, (c.consumedAtMs() - origin) / 1000.0));
    }

    private static List<String> urls(List<Copied> copied) {
        List<String> urls = new ArrayList<>();
        for (Copied c : copied) {
            for (VideoAsset video : c.completion().getVideos()) {
                urls.add(video.getUrl());
                if (video.getLastFrameStored() != null) {
                    urls.add(video.getLastFrameUrl());
                }
            }
        }
        return urls;
    }

    /** Files stored for these requests: their videos and last frames. */
    static int files(List<Copied> copied) {
        int files = 0;
        for (Copied c : copied) {
            for (VideoAsset video : c.completion().getVideos()) {
                files += (video.getStored() == null ? 0 : 1) + (video.getLastFrameStored() == null ? 0 : 1);
            }
        }
        return files;
    }

    /** Bytes stored for these requests: their videos and last frames. */
    static long bytes(List<Copied> copied) {
        long total = 0;
        for (Copied c : copied) {
            for (VideoAsset video : c.completion().getVideos()) {
                total += size(video.getStored()) + size(video.getLastFrameStored());
            }
        }
        return total;
    }

    private static long size(StoredCopy stored) {
        return stored == null ? 0 : stored.getSizeBytes();
    }

    /** From the first upstream finish to the last completion consumed: the burst's whole copying time. */
    static double spanSeconds(List<Copied> copied) {
        long first = copied.stream().mapToLong(Copied::finishedAtMs).min().orElse(0);
        long last = copied.stream().mapToLong(Copied::consumedAtMs).max().orElse(0);
        return (last - first) / 1000.0;
    }

    /** Each request's lag, upstream finish to completion consumed, in seconds. */
    static Percentiles lags(List<Copied> copied) {
        return Percentiles.of(copied.stream().mapToDouble(c -> (c.consumedAtMs() - c.finishedAtMs()) / 1000.0)
                .toArray());
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,.1f", bytes / 1e6).replace(".0", "");
    }
}
