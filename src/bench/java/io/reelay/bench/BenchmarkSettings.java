package io.reelay.bench;

import java.util.Properties;

/**
 * How big a benchmark run is. {@code ./mvnw -Pbench verify} runs the full size; {@code ./mvnw verify} (CI)
 * runs the smoke size, seconds per part, so the benchmark cannot rot. Any figure can be set with
 * {@code -Dreelay.bench.<name>=...}.
 *
 * @param mode "full" or "smoke", shown in the table
 * @param partitions partitions of every Reelay topic
 * @param throughputRequests requests published for the throughput part (the simulator completes at once)
 * @param kafkaFloorRecords records of the raw Kafka round trip
 * @param httpFloorSeconds length of the raw HTTP measurement
 * @param economyTasks tasks per polling strategy
 * @param economyArrivalSeconds real-time window over which they arrive (before time compression)
 * @param timeScale simulated time per real time: 0.1 runs a 600 s task in 60 s; every timing Reelay and the
 *        baselines use is scaled the same way, and lags are reported back in real (unscaled) seconds
 * @param inFlight tasks held in flight for the scale part
 * @param cpuSampleSeconds how long CPU is sampled while the tasks wait (and, beside it, with none in flight)
 * @param cpuSettleSeconds longest wait, before each such sample, for the service's JIT to go quiet (it compiles
 *        what a load made hot for a minute or two after it)
 * @param mirrorFileBytes size of every result video of the mirror part (the simulator pads its sample MP4 to it)
 * @param mirrorBurstFiles videos finishing at once, for the mirror throughput
 * @param mirrorPacedFiles videos finishing one after another, for the mirror lag (and again with mirroring off)
 * @param fairnessRequests requests tenant A publishes at once in the fairness part (tenant B publishes one a second
 *        of wall time while they drain)
 * @param fairnessTimeScale the fairness part's time compression: its budget of 1,000 requests a minute runs at
 *        1,000 / scale a minute of wall time
 * @param parts which parts to run: throughput, economy, scale, mirror, fairness (all by default)
 * @param baseline whether the throughput part also builds and measures the previous release (at full size by
 *        default: building it takes a minute or two, so the smoke size in every {@code ./mvnw verify} leaves it out)
 * @param baselineRef the previous release's git ref; blank: the newest release tag ({@code vX.Y.Z}) below HEAD
 */
public record BenchmarkSettings(String mode, int partitions, int throughputRequests, int kafkaFloorRecords,
        int httpFloorSeconds, int economyTasks, int economyArrivalSeconds, double timeScale, int inFlight,
        int cpuSampleSeconds, int cpuSettleSeconds, long mirrorFileBytes, int mirrorBurstFiles, int mirrorPacedFiles,
        int fairnessRequests, double fairnessTimeScale, java.util.Set<String> parts, boolean baseline,
        String baselineRef) {

    static final java.util.Set<String> ALL_PARTS = java.util.Set.of("throughput", "economy", "scale", "mirror",
            "fairness");

    boolean runs(String part) {
        return parts.contains(part);
    }

    static BenchmarkSettings smoke() {
        return new BenchmarkSettings("smoke", 3, 300, 20_000, 1, 40, 60, 0.01, 2_000, 3, 5, 5_000_000, 4, 5, 500, 0.1,
                ALL_PARTS, false, "");
    }

    static BenchmarkSettings full() {
        return new BenchmarkSettings("full", 3, 50_000, 200_000, 5, 600, 300, 0.1, 100_000, 30, 180, 50_000_000, 40, 20,
                20_000, 0.1, ALL_PARTS, true, "");
    }

    static BenchmarkSettings from(Properties p) {
        BenchmarkSettings base = "full".equals(p.getProperty("reelay.bench.mode")) ? full() : smoke();
        return new BenchmarkSettings(base.mode(),
                integer(p, "partitions", base.partitions()),
                integer(p, "throughput-requests", base.throughputRequests()),
                integer(p, "kafka-floor-records", base.kafkaFloorRecords()),
                integer(p, "http-floor-seconds", base.httpFloorSeconds()),
                integer(p, "economy-tasks", base.economyTasks()),
                integer(p, "economy-arrival-seconds", base.economyArrivalSeconds()),
                Double.parseDouble(p.getProperty("reelay.bench.time-scale", Double.toString(base.timeScale()))),
                integer(p, "in-flight", base.inFlight()),
                integer(p, "cpu-sample-seconds", base.cpuSampleSeconds()),
                integer(p, "cpu-settle-seconds", base.cpuSettleSeconds()),
                Long.parseLong(p.getProperty("reelay.bench.mirror-file-bytes", Long.toString(base.mirrorFileBytes()))
                        .replace("_", "")),
                integer(p, "mirror-burst-files", base.mirrorBurstFiles()),
                integer(p, "mirror-paced-files", base.mirrorPacedFiles()),
                integer(p, "fairness-requests", base.fairnessRequests()),
                Double.parseDouble(p.getProperty("reelay.bench.fairness-time-scale",
                        Double.toString(base.fairnessTimeScale()))),
                java.util.Set.of(p.getProperty("reelay.bench.parts", String.join(",", ALL_PARTS)).split(",")),
                Boolean.parseBoolean(p.getProperty("reelay.bench.baseline", Boolean.toString(base.baseline()))),
                p.getProperty("reelay.bench.baseline-ref", base.baselineRef()).strip());
    }

    private static int integer(Properties p, String name, int fallback) {
        return Integer.parseInt(p.getProperty("reelay.bench." + name, Integer.toString(fallback)).replace("_", ""));
    }
}
