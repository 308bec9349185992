package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Part 4's lines of the table and its two targets (mirror lag p99 <= 60 s, first webhook attempt p99 <= 1 s). */
class MirrorReportTest {

    private static final PlainDownload.Result PLAIN = new PlainDownload.Result(4, 200_000_000, 0.5,
            Percentiles.of(0.2, 0.3, 0.4, 0.5));

    @Test
    void figuresWithinTheTargetsAreMetAndPrintedBesideTheirBaselines() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        double rate = report.mirrorThroughput(6, 4, 4, 200_000_000, 4.0, PLAIN);
        report.mirrorLag(5, 5, 1.0, Percentiles.of(2.0, 2.5, 3.0, 3.5, 59.9), PLAIN);
        report.mirrorOffLag(5, 5, Percentiles.of(0.3, 0.4, 0.5, 0.6, 0.7));
        report.mirrorCpu(200_000_000, 4_000_000_000L, 2_000_000_000L, 200_000_000, 100_000_000);
        report.webhooks(9, Percentiles.of(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0), 9, 0,
                Percentiles.of(0.01, 0.02), Percentiles.of(0.005, 0.01));

        assertThat(rate).isEqualTo(50.0);
        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.mirrorLagP99()).isEqualTo(59.9);
        assertThat(report.webhookP99()).isEqualTo(1.0);
        String table = report.table();
        assertThat(table).contains("4. Stored copies and webhooks", "50.0 MB/s", "400.0 MB/s", "0.13",
                "p99 59.90 s", "p99 0.70 s", "p99 1.000 s", "p99 0.020 s",
                "6 files", "20 / 10 s", "0.5 s per GB", "written -> consumed p50 0.005 s, p99 0.010 s", "MET    mirror lag p99 <= 60 s",
                "MET    first webhook attempt p99 <= 1 s");
        assertThat(table).as("the parts not run have no section").doesNotContain("1. Throughput", "2. Poll economy",
                "3. Scale", "5. Fairness");
    }

    @Test
    void aSlowMirrorOrWebhookMissesItsTargetAndMissingOnesAreProblems() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.mirrorThroughput(3, 4, 3, 150_000_000, 4.0, PLAIN);
        report.mirrorLag(5, 5, 1.0, Percentiles.of(2.0, 60.1), PLAIN);
        report.mirrorOffLag(5, 5, Percentiles.of(0.3));
        report.webhooks(3, Percentiles.of(0.1, 1.2), 4, 1, Percentiles.of(0.01, 0.02), Percentiles.of(0.01));

        assertThat(report.missedTargets()).containsExactly("mirror lag p99 <= 60 s", "first webhook attempt p99 <= 1 s");
        assertThat(report.problems()).containsExactly("mirror throughput: 1 of 4 videos not stored",
                "webhooks: 1 of 3 completions never delivered", "webhooks: 1 deliveries whose signature did not verify");
        assertThat(report.table()).contains("MISSED mirror lag p99 <= 60 s", "MISSED first webhook attempt p99 <= 1 s");
    }

    @Test
    void aLagNeverMeasuredIsMissed() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.mirrorLag(0, 5, 1.0, Percentiles.EMPTY, PLAIN);

        assertThat(report.mirrorLagP99()).isNull();
        assertThat(report.missedTargets()).containsExactly("mirror lag p99 <= 60 s");
        assertThat(report.problems()).containsExactly("mirror lag: 5 of 5 videos not stored");
    }
}
