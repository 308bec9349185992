package io.reelay.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's one table, filled part by part, with each target beside its figure. */
final class BenchmarkReport {

    private static final double MIB = 1024 * 1024;

    private final BenchmarkSettings settings;
    private final List<String> notes = new ArrayList<>();
    private final List<String> throughput = new ArrayList<>();
    private final List<String> economy = new ArrayList<>();
    private final List<String> scale = new ArrayList<>();
    private final List<String> mirror = new ArrayList<>();
    private final List<String> fairness = new ArrayList<>();
    private final List<FairnessPart.Result> fairnessResults = new ArrayList<>();
    /** The part's verdicts, printed under its rows (judged as soon as each figure is measured). */
    private final List<String> mirrorTargets = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** The targets this run missed, as the table names them. */
    private final List<String> missed = new ArrayList<>();
    private double reelayRate;
    private boolean throughputComplete;
    /** This build's throughput run (null until measured), and its CPU per request over the previous release's. */
    private Throughput today;
    private Double cpuRatio;
    private final List<String> throughputTargets = new ArrayList<>();
    private final List<EconomyRow> economyRows = new ArrayList<>();
    private Long scaleHeld;
    /** The mirror part's judged figures (null until measured): p99 mirror lag and first-webhook latency, seconds. */
    private Double mirrorLagP99;
    private Double webhookP99;

    /** One strategy's figures, for the checks a test makes. */
    record EconomyRow(String strategy, int tasks, int completed, double pollsMean, double withinTargetShare,
            double[] lagsSeconds) {
    }

    /**
     * The service's CPU over an idle sample: every thread ({@code cores}), of which its JIT compiler threads
     * ({@code jitCores}), after waiting for the JIT to go quiet ({@code settled}).
     */
    record IdleCpu(double cores, double jitCores, ProcessSampler.Settled settled) {
    }

    /** Part 3's targets (issue 16), for this many tasks in flight on one instance. */
    static final int SCALE_TARGET_TASKS = 1_000_000;
    /** Admitted, submitted and tracked: at least this many tasks a second while the instance loads. */
    static final double LOAD_RATE_TARGET = 2_000;
    static final long HEAP_TARGET_BYTES = 1L << 30;
    static final long RSS_TARGET_BYTES = 3L << 29;
    /** SIGKILL, local state deleted, to ready: at most this long (and no submit after it). */
    static final double RESTORE_TARGET_SECONDS = 60;

    /** Idle CPU with the tasks in flight waiting, nothing due: at most this many cores (issue 16). */
    static final double IDLE_CORES_TARGET = 0.02;

    BenchmarkReport(BenchmarkSettings settings) {
        this.settings = settings;
    }

    void note(String line) {
        notes.add(line);
        System.out.println("[bench] " + line);
    }

    /**
     * One release's throughput run.
     *
     * @param seconds first publish -> last terminal event consumed
     * @param publishSeconds first publish -> the broker has the last request
     * @param cpuSeconds the service's CPU time (every thread, user + system) over {@code seconds}
     * @param idleCores the cores the service used just before, after the warm-up, with nothing to do
     */
    record Throughput(int requests, long completed, boolean all, double seconds, double publishSeconds,
            double cpuSeconds, double idleCores, double jitSeconds) {

        double rate() {
            return completed / Math.max(seconds, 1e-3);
        }

        /** CPU seconds per 1,000 completed requests (every request's share of the run, idle time included). */
        double cpuPerThousand() {
            return cpuSeconds * 1000 / Math.max(completed, 1);
        }

        double cores() {
            return cpuSeconds / Math.max(seconds, 1e-3);
        }

        /** CPU seconds per 1,000 completed requests without the JIT compiler threads' (the JVM still warming up). */
        double cpuPerThousandNetOfJit() {
            return (cpuSeconds - jitSeconds) * 1000 / Math.max(completed, 1);
        }
    }

    /** Part 1's goal: at most this share of the previous release's CPU seconds per request (2x fewer). */
    static final double CPU_RATIO_TARGET = 0.5;

    void throughput(Throughput today) {
        this.today = today;
        reelayRate = today.rate();
        throughputComplete = today.all() && today.completed() == today.requests();
        throughput.add(row("Reelay, published -> completion consumed", String.format(Locale.ROOT, "%,d requests",
                today.requests()), String.format(Locale.ROOT, "%,.0f req/s", reelayRate),
                String.format(Locale.ROOT, "%,d completed in %.1f s (published in %.1f s)", today.completed(),
                        today.seconds(), today.publishSeconds())));
        throughput.add(cpuRow("service CPU per 1,000 requests", today));
        throughputTargets.add(row("target", "", "", judged(reelayRate >= 2_000, ">= 2,000 req/s end to end")));
        if (!throughputComplete) {
            problems.add("throughput: only " + today.completed() + " of " + today.requests() + " requests completed");
        }
    }

    /**
     * The previous release's run beside this build's (measured first), and the CPU target: this build's CPU seconds
     * per request at most {@link #CPU_RATIO_TARGET} of the previous release's.
     */
    void baselineThroughput(String release, Throughput previous) {
        throughput.add(row("baseline: " + release + ", same workload", String.format(Locale.ROOT, "%,d requests",
                previous.requests()), String.format(Locale.ROOT, "%,.0f req/s", previous.rate()),
                String.format(Locale.ROOT, "%,d completed in %.1f s (published in %.1f s); built from git, same "
                        + "simulator, settings and JVM flags, a broker of its own", previous.completed(),
                        previous.seconds(), previous.publishSeconds())));
        throughput.add(cpuRow("baseline: its service CPU per 1,000 requests", previous));
        if (today == null) {
            problems.add("throughput: the baseline ran without this build's run to compare it with");
            return;
        }
        if (!(previous.all() && previous.completed() == previous.requests())) {
            // Its CPU per request would be over the requests it refused or lost: no measure of the same work.
            problems.add("throughput baseline " + release + ": only " + previous.completed() + " of "
                    + previous.requests() + " requests completed");
            throughputTargets.add(row("target", "", "", String.format(Locale.ROOT, "NOT JUDGED CPU per request <= "
                    + "%.1f x %s's: it completed %,d of %,d requests", CPU_RATIO_TARGET, release, previous.completed(),
                    previous.requests())));
            return;
        }
        cpuRatio = today.cpuPerThousand() / Math.max(previous.cpuPerThousand(), 1e-9);
        throughput.add(row("this build / " + release, "", String.format(Locale.ROOT, "%.2f", cpuRatio),
                String.format(Locale.ROOT, "CPU per request; requests/s %.2f", today.rate()
                        / Math.max(previous.rate(), 1e-9))));
        throughput.add(row("  the same without the JIT compiler threads", "", String.format(Locale.ROOT, "%.2f",
                today.cpuPerThousandNetOfJit() / Math.max(previous.cpuPerThousandNetOfJit(), 1e-9)),
                "context, no target: the part of the ratio that is not the two JVMs' warm-up"));
        throughputTargets.add(row("target", "", "", judged(cpuRatio <= CPU_RATIO_TARGET, String.format(Locale.ROOT,
                "CPU per request <= %.1f x %s's (2x fewer CPU seconds per request)", CPU_RATIO_TARGET, release))));
    }

    /** The previous release was not measured: the CPU target is reported as not judged (not as met or missed). */
    void baselineNotRun(String why) {
        throughput.add(row("baseline: the previous release", "", "not run", why));
        throughputTargets.add(row("target", "", "", "NOT JUDGED CPU per request <= " + CPU_RATIO_TARGET
                + " x the previous release's: no baseline"));
    }

    private static String cpuRow(String what, Throughput t) {
        return row(what, "", String.format(Locale.ROOT, "%.2f s", t.cpuPerThousand()), String.format(Locale.ROOT,
                "%.1f s of CPU over the %.1f s (%.2f cores; %.2f idle just before; %.1f s of it the JIT compiler "
                        + "threads), first publish -> last completion consumed", t.cpuSeconds(), t.seconds(),
                t.cores(), t.idleCores(), t.jitSeconds()));
    }

    /** This build's CPU per request over the previous release's, when both ran. */
    Double cpuRatio() {
        return cpuRatio;
    }

    void floors(KafkaFloor.Result kafka, HttpFloor.Result http) {
        throughput.add(row("floor: raw Kafka produce + consume", String.format(Locale.ROOT, "%,d records",
                kafka.records()), String.format(Locale.ROOT, "%,.0f rec/s", kafka.roundTripPerSecond()),
                "same broker, " + kafka.partitions() + " partitions, acks=all, read_committed"));
        throughput.add(row("floor: raw HTTP polls of the simulator", http.concurrency() + " concurrent",
                String.format(Locale.ROOT, "%,.0f req/s", http.requestsPerSecond()),
                String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", http.latencyMillis().p50(),
                        http.latencyMillis().p99())));
        double floor = Math.min(kafka.roundTripPerSecond(), http.requestsPerSecond());
        // A request is about six records and two calls: the per-record floor is context, not a target.
        throughput.add(row("Reelay / the lower floor", "", String.format(Locale.ROOT, "%.3f", reelayRate / floor),
                "requests against records or calls: context, no target"));
    }

    void economy(String strategy, int tasks, List<BenchmarkRun.Sample> samples, double timeScale) {
        double[] polls = samples.stream().mapToDouble(BenchmarkRun.Sample::polls).toArray();
        double[] lags = samples.stream().mapToDouble(s -> s.lagMs() / timeScale / 1000.0).toArray();
        long within = samples.stream().filter(s -> s.lagMs() / timeScale <= 2_000 + 0.03 * s.durationMs() / timeScale)
                .count();
        Percentiles p = Percentiles.of(polls);
        Percentiles l = Percentiles.of(lags);
        double share = samples.isEmpty() ? 0 : (double) within / samples.size();
        economyRows.add(new EconomyRow(strategy, tasks, samples.size(), p.mean(), share, lags));
        economy.add(String.format(Locale.ROOT, "  %-44s %5d/%-5d %6.2f %5.0f %8.1f %8.1f %8.1f %7.1f %%", strategy,
                samples.size(), tasks, p.mean(), p.p95(), l.p50(), l.p95(), l.p99(), 100 * share));
        if (samples.size() < tasks) {
            problems.add(strategy + ": " + (tasks - samples.size()) + " of " + tasks + " tasks not seen completed");
        }
    }

    void scale(int requested, long created, boolean all, double loadSeconds, long heapBefore, long heap,
            long rssBefore, long rss, IdleCpu waiting, IdleCpu empty, double restoreSeconds, int resubmitted) {
        scaleHeld = created;
        scale.add(row("in-flight tasks held", String.format(Locale.ROOT, "%,d", created),
                String.format(Locale.ROOT, "%,.0f tasks/s", created / loadSeconds),
                String.format(Locale.ROOT, "admitted, submitted, tracked in %.0f s", loadSeconds)));
        scale.add(row("heap after full GC", String.format(Locale.ROOT, "%.0f MiB", heap / MIB),
                String.format(Locale.ROOT, "%.0f B/task", (heap - heapBefore) / (double) Math.max(1, created)),
                String.format(Locale.ROOT, "%.0f MiB with none in flight; -Xmx1g", heapBefore / MIB)));
        scale.add(row("resident set (RSS)", String.format(Locale.ROOT, "%.0f MiB", rss / MIB),
                String.format(Locale.ROOT, "%.0f B/task", (rss - rssBefore) / (double) Math.max(1, created)),
                String.format(Locale.ROOT, "%.0f MiB with none in flight (JVM + RocksDB)", rssBefore / MIB)));
        scale.add(row("CPU while the tasks wait", String.format(Locale.ROOT, "%,d", created),
                String.format(Locale.ROOT, "%.3f cores", waiting.cores()), idleDetail(waiting, "the load")));
        scale.add(row("baseline: CPU with none in flight", "0",
                String.format(Locale.ROOT, "%.3f cores", empty.cores()), idleDetail(empty, "the start")));
        scale.add(row("restore after a restart (state dir wiped)", String.format(Locale.ROOT, "%.1f s", restoreSeconds),
                "", "SIGKILL, local state deleted, to ready (includes JVM start); " + resubmitted
                        + " submits after it"));
        if (created < SCALE_TARGET_TASKS) {
            scale.add(row("targets", "", "", String.format(Locale.ROOT, "issue 16's are for %,d in flight, judged "
                    + "here at %,d (-Pbench,million for the million)", SCALE_TARGET_TASKS, created)));
        }
        double rate = created / Math.max(loadSeconds, 1e-3);
        scale.add(row("target", "", "", judged(all && rate >= LOAD_RATE_TARGET, String.format(Locale.ROOT,
                "loading at >= %,.0f tasks/s", LOAD_RATE_TARGET))));
        scale.add(row("target", "", "", judged(heap <= HEAP_TARGET_BYTES, "heap after full GC <= 1 GiB")));
        scale.add(row("target", "", "", judged(rss <= RSS_TARGET_BYTES, "RSS <= 1.5 GiB")));
        scale.add(row("target", "", "", judged(restoreSeconds <= RESTORE_TARGET_SECONDS && resubmitted == 0,
                "restore after SIGKILL, local state wiped, <= 60 s, 0 submits after it")));
        scale.add(row("target", "", "", judged(waiting.cores() <= IDLE_CORES_TARGET,
                String.format(Locale.ROOT, "CPU while %,d tasks wait (nothing due) <= %.2f cores", created,
                        IDLE_CORES_TARGET))));
        if (!all) {
            problems.add("scale: only " + created + " of " + requested + " tasks reached the upstream");
        }
        if (resubmitted != 0) {
            problems.add("scale: " + resubmitted + " requests were submitted again after the restart");
        }
    }

    private String idleDetail(IdleCpu idle, String after) {
        ProcessSampler.Settled s = idle.settled();
        return String.format(Locale.ROOT, "%d s sample (JIT %.3f), %.0f s after %s: JIT %s (%.2f cores until then)",
                settings.cpuSampleSeconds(), idle.jitCores(), s.seconds(), after, s.quiet() ? "quiet" : "still busy",
                s.cores());
    }

    /**
     * The mirror's throughput (stored bytes over the time from the first upstream finish to the last completion
     * consumed) beside plain downloads of the same files.
     *
     * @return the mirror's MB/s (10^6 bytes)
     */
    double mirrorThroughput(int files, int requested, int copied, long bytes, double seconds,
            PlainDownload.Result plain) {
        double rate = bytes / 1e6 / Math.max(seconds, 1e-3);
        mirror.add(row("mirror, upstream done -> completion consumed", String.format(Locale.ROOT, "%d files", files),
                String.format(Locale.ROOT, "%,.1f MB/s", rate), String.format(Locale.ROOT,
                        "%,.0f MB stored in %.1f s: %d videos finishing together, and their last frames",
                        bytes / 1e6, seconds, copied)));
        mirror.add(row("baseline: plain download of the same files", String.format(Locale.ROOT, "%d files",
                plain.files()), String.format(Locale.ROOT, "%,.1f MB/s", plain.megabytesPerSecond()),
                String.format(Locale.ROOT, "%,.0f MB in %.1f s, read to the end, %s", plain.bytes() / 1e6,
                        plain.seconds(), "as many at once as the service copies")));
        if (copied < requested) {
            problems.add("mirror throughput: " + (requested - copied) + " of " + requested + " videos not stored");
        }
        mirror.add(row("mirror / plain download", "", String.format(Locale.ROOT, "%.2f",
                rate / Math.max(plain.megabytesPerSecond(), 1e-9)), ""));
        return rate;
    }

    /**
     * CPU spent per GB (10^9 bytes) moved: the service while it copied the burst, this JVM (the simulator serving,
     * s3proxy storing, the receiver) meanwhile, and this JVM for the plain downloads (both their ends).
     */
    void mirrorCpu(long copiedBytes, long serviceNanos, long benchNanos, long downloadedBytes, long downloadNanos) {
        double gb = Math.max(copiedBytes, 1) / 1e9;
        mirror.add(row("CPU per GB copied: service / bench JVM", "", String.format(Locale.ROOT, "%.0f / %.0f s",
                serviceNanos / 1e9 / gb, benchNanos / 1e9 / gb), String.format(Locale.ROOT, "core-seconds; plain "
                        + "download %.1f s per GB (bench JVM, both ends); bench JVM: simulator, s3proxy, receiver",
                        downloadNanos / 1e9 / (Math.max(downloadedBytes, 1) / 1e9))));
    }

    /** The mirror's lag, upstream done -> completion (with its stored copy) consumed, for files arriving paced. */
    void mirrorLag(int copied, int requested, double intervalSeconds, Percentiles lag, PlainDownload.Result alone) {
        mirrorLagP99 = lag.isEmpty() ? null : lag.p99();
        mirror.add(row("mirror lag, upstream done -> completion", String.format(Locale.ROOT, "%d files", copied),
                seconds("p99", lag.p99()), String.format(Locale.ROOT, "p50 %.1f s, p95 %.1f s, max %.1f s; one every "
                        + "%.2f s (half the throughput)", lag.p50(), lag.p95(), lag.max(), intervalSeconds)));
        mirror.add(row("baseline: plain download of each, alone", String.format(Locale.ROOT, "%d files",
                alone.files()), seconds("p99", alone.fileSeconds().p99()), String.format(Locale.ROOT,
                        "p50 %.2f s; %,.1f MB/s", alone.fileSeconds().p50(), alone.megabytesPerSecond())));
        mirrorTargets.add(row("target", "", "", judged(mirrorLagP99 != null && mirrorLagP99 <= 60,
                "mirror lag p99 <= 60 s")));
        if (copied < requested) {
            problems.add("mirror lag: " + (requested - copied) + " of " + requested + " videos not stored");
        }
    }

    /** The same service's completion lag with mirroring off: detection and the event alone. */
    void mirrorOffLag(int completed, int requested, Percentiles lag) {
        mirror.add(row("baseline: completion lag, mirroring off", String.format(Locale.ROOT, "%d tasks", completed),
                seconds("p99", lag.p99()), String.format(Locale.ROOT, "p50 %.2f s; the same service, copying off",
                        lag.p50())));
        if (completed < requested) {
            problems.add("mirroring off: " + (requested - completed) + " of " + requested + " tasks not completed");
        }
    }

    /**
     * The first webhook attempt after each completion's write (its record timestamp) beside a plain POST of the same
     * event to the same receiver from the benchmark, right after it consumed the event.
     */
    void webhooks(int events, Percentiles first, long attempts, long unverified, Percentiles baseline,
            Percentiles consumed) {
        webhookP99 = first.isEmpty() ? null : first.p99();
        mirror.add(row("webhook, completion written -> 1st attempt", String.format(Locale.ROOT, "%d events",
                first.count()), String.format(Locale.ROOT, "p99 %.3f s", first.p99()), String.format(Locale.ROOT,
                        "p50 %.3f s, max %.3f s; %d attempts received, %d not verified", first.p50(), first.max(),
                        attempts, unverified)));
        mirror.add(row("baseline: POST from a consumer of the event", String.format(Locale.ROOT, "%d events",
                baseline.count()), String.format(Locale.ROOT, "p99 %.3f s", baseline.p99()), String.format(Locale.ROOT,
                        "p50 %.3f s, max %.3f s; of which written -> consumed p50 %.3f s, p99 %.3f s", baseline.p50(),
                        baseline.max(), consumed.p50(), consumed.p99())));
        mirrorTargets.add(row("target", "", "", judged(webhookP99 != null && webhookP99 <= 1,
                "first webhook attempt p99 <= 1 s")));
        if (first.count() < events) {
            problems.add("webhooks: " + (events - first.count()) + " of " + events + " completions never delivered");
        }
        if (unverified > 0) {
            problems.add("webhooks: " + unverified + " deliveries whose signature did not verify");
        }
    }

    /**
     * Part 5: B's wait and A's drain under fair scheduling beside first-come, and the 429s the simulator answered.
     * Targets on the fair run: B's wait p99 <= 2 s + one budget slot (compressed), A >= 95 % of the budget, 0 429s.
     */
    void fairness(FairnessPart.Result fair, FairnessPart.Result firstCome, double timeScale) {
        fairnessResults.add(fair);
        fairnessResults.add(firstCome);
        double slot = 60.0 / FairnessPart.BUDGET_PER_MINUTE * timeScale;
        double bound = 2 + slot;
        for (FairnessPart.Result r : List.of(fair, firstCome)) {
            boolean baseline = r == firstCome;
            fairness.add(row(baseline ? "baseline: B's wait under " + r.policy() : "B's wait, admission -> submit, " + r.policy(),
                    String.format(Locale.ROOT, "%d requests", r.bSubmitted()), seconds("p99", r.bWait().p99()),
                    String.format(Locale.ROOT, "p50 %.2f s, max %.2f s; admission -> budget granted p99 %.2f s; "
                            + "admitted after A's last admission: p99 %.2f s (%d)", r.bWait().p50(), r.bWait().max(),
                            r.bQueued().p99(), r.bWaitAfterAdmissions().p99(), r.bWaitAfterAdmissions().count())));
        }
        for (FairnessPart.Result r : List.of(fair, firstCome)) {
            boolean baseline = r == firstCome;
            fairness.add(row(baseline ? "baseline: A's drain under " + r.policy() : "A's drain, submits / budget, " + r.policy(),
                    String.format(Locale.ROOT, "%,d requests", r.aSubmitted()),
                    String.format(Locale.ROOT, "%.1f %%", 100 * r.aShare()), String.format(Locale.ROOT,
                            "%,.0f a minute of %,.0f (wall) over %.1f s; B %.1f %%, every call %.1f %% of the budget",
                            r.aPerMinute(), r.budgetPerMinute(), r.drainSeconds(),
                            100 * r.bPerMinute() / r.budgetPerMinute(), 100 * r.callsPerMinute() / r.budgetPerMinute())));
        }
        fairness.add(row("429 answers from the simulator", "", String.format(Locale.ROOT, "%d / %d", fair.answers429(),
                firstCome.answers429()), "fair / first-come; its limit is the service's budget"));
        fairness.add(row("target", "", "", judged(!fair.bWait().isEmpty() && fair.bWait().p99() <= bound,
                String.format(Locale.ROOT, "B's wait p99 <= %.3f s under fair (2 s + one slot: %.0f ms, %.0f ms x%.0f)",
                        bound, slot * 1000, 60_000.0 / FairnessPart.BUDGET_PER_MINUTE, 1 / timeScale))));
        fairness.add(row("target", "", "", judged(fair.aShare() >= 0.95, "A drains at >= 95 % of the budget under fair")));
        fairness.add(row("target", "", "", judged(fair.answers429() == 0, "0 answers 429 under fair")));
        for (FairnessPart.Result r : List.of(fair, firstCome)) {
            if (r.aSubmitted() < r.aRequests()) {
                problems.add("fairness (" + r.policy() + "): " + (r.aRequests() - r.aSubmitted()) + " of "
                        + r.aRequests() + " of A's requests not submitted");
            }
            if (r.bSubmitted() < r.bRequests()) {
                problems.add("fairness (" + r.policy() + "): " + (r.bRequests() - r.bSubmitted()) + " of "
                        + r.bRequests() + " of B's requests not submitted");
            }
        }
    }

    List<FairnessPart.Result> fairnessResults() {
        return List.copyOf(fairnessResults);
    }

    private static String seconds(String label, double value) {
        return String.format(Locale.ROOT, "%s %.2f s", label, value);
    }

    Double mirrorLagP99() {
        return mirrorLagP99;
    }

    Double webhookP99() {
        return webhookP99;
    }

    void problem(String line) {
        if (problems.size() < 20) {
            problems.add(line);
        }
    }

    double reelayRate() {
        return reelayRate;
    }

    List<EconomyRow> economyRows() {
        return List.copyOf(economyRows);
    }

    Long scaleHeld() {
        return scaleHeld;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Reelay benchmark (%s), %s, %d cores, %d partitions per topic%n",
                settings.mode(), LocalDate.now(), Runtime.getRuntime().availableProcessors(), settings.partitions()));
        notes.forEach(n -> t.append("  # ").append(n).append(System.lineSeparator()));
        // A part not run this time (-Dreelay.bench.parts) has no section, not an empty one.
        if (!throughput.isEmpty()) {
            t.append(System.lineSeparator()).append("1. Throughput (exactly_once_v2, the simulator completing at once)")
                    .append(System.lineSeparator());
            throughput.forEach(r -> t.append(r).append(System.lineSeparator()));
            throughputTargets.forEach(r -> t.append(r).append(System.lineSeparator()));
        }
        if (!economy.isEmpty()) {
            t.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                    "2. Poll economy (lags in real seconds: measured / %.2f; upstream done -> completion consumed)%n",
                    settings.timeScale()));
            t.append(String.format(Locale.ROOT, "  %-44s %11s %6s %5s %8s %8s %8s %9s%n", "strategy", "completed",
                    "polls", "p95", "lag p50", "p95", "p99", "in target"));
            economy.forEach(r -> t.append(r).append(System.lineSeparator()));
            t.append("  targets: <= 2.0 polls per completed task on average; p95 lag <= 2 s + 3 % of the task's "
                    + "duration (the 'in target' share >= 95 %)").append(System.lineSeparator());
            economyRows.stream().filter(r -> r.strategy().startsWith("Reelay adaptive")).forEach(r -> {
                Tail tail = laterThanFixed(r);
                if (tail != null) {
                    t.append(String.format(Locale.ROOT, "  detected later than polling every 5 s does (its p99 lag, "
                            + "%.1f s): %.1f %% of the adaptive run's tasks (at most 1 %%)%n", tail.fixedP99(),
                            100 * tail.share()));
                }
                t.append("  ").append(verdict(economyMet(r), "Reelay adaptive")).append(System.lineSeparator());
            });
        }
        if (!scale.isEmpty()) {
            t.append(System.lineSeparator()).append("3. Scale (one instance)").append(System.lineSeparator());
            scale.forEach(r -> t.append(r).append(System.lineSeparator()));
        }
        if (!mirror.isEmpty()) {
            t.append(System.lineSeparator()).append("4. Stored copies and webhooks (s3proxy on the filesystem, a "
                    + "subscribed receiver; times in seconds)").append(System.lineSeparator());
            mirror.forEach(r -> t.append(r).append(System.lineSeparator()));
            mirrorTargets.forEach(r -> t.append(r).append(System.lineSeparator()));
        }
        if (!fairness.isEmpty()) {
            t.append(System.lineSeparator()).append("5. Fairness (tenant A's batch, tenant B's trickle, one budget; "
                    + "times in wall-clock seconds, not rescaled)").append(System.lineSeparator());
            fairness.forEach(r -> t.append(r).append(System.lineSeparator()));
        }
        if (!problems.isEmpty()) {
            t.append(System.lineSeparator()).append("PROBLEMS").append(System.lineSeparator());
            problems.forEach(p -> t.append("  ").append(p).append(System.lineSeparator()));
        }
        return t.toString();
    }

    private static String row(String what, String size, String figure, String detail) {
        return String.format(Locale.ROOT, "  %-44s %14s %16s   %s", what, size, figure, detail);
    }

    private static String verdict(boolean met, String target) {
        return (met ? "MET    " : "MISSED ") + target;
    }

    /** The verdict of a target measured now, kept for {@link #missedTargets()}. */
    private String judged(boolean met, String target) {
        if (!met) {
            missed.add(target);
        }
        return verdict(met, target);
    }

    private boolean economyMet(EconomyRow r) {
        Tail tail = laterThanFixed(r);
        return r.pollsMean() <= 2.0 && r.withinTargetShare() >= 0.95 && (tail == null || tail.share() <= 0.01);
    }

    /** The share of a run's tasks detected later than the fixed 5 s strategy detected its latest 1 %. */
    record Tail(double fixedP99, double share) {
    }

    /**
     * Issue 16 asks for no more than 1 % of tasks detected later than polling every 5 s would. Read per task it
     * contradicts its own lag target (2 s + 3 % of a ten-minute task is 20 s, which polling every 5 s beats), so it is
     * read on the tails of the same run: the fixed strategy's p99 lag is the latest it detects all but 1 % of tasks,
     * and no more than 1 % of the adaptive run's tasks may be later than that. Null without the fixed run.
     */
    private Tail laterThanFixed(EconomyRow adaptive) {
        EconomyRow fixed = economyRows.stream().filter(r -> r.strategy().startsWith("Reelay fixed")).findFirst()
                .orElse(null);
        if (fixed == null || fixed.lagsSeconds().length == 0 || adaptive.lagsSeconds().length == 0) {
            return null;
        }
        double p99 = Percentiles.of(fixed.lagsSeconds()).p99();
        long later = java.util.Arrays.stream(adaptive.lagsSeconds()).filter(l -> l > p99).count();
        return new Tail(p99, (double) later / adaptive.lagsSeconds().length);
    }

    /** The targets this run missed: asserted empty at full size (-Pbench), reported at smoke size. */
    List<String> missedTargets() {
        List<String> all = new ArrayList<>(missed);
        economyRows.stream().filter(r -> r.strategy().startsWith("Reelay adaptive") && !economyMet(r))
                .forEach(r -> all.add("poll economy: " + r.strategy()));
        return all;
    }
}
