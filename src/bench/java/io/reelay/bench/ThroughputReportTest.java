package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Part 1's lines: this build's requests/s and CPU per 1,000 requests beside the previous release's, and the target. */
class ThroughputReportTest {

    private static BenchmarkReport.Throughput run(long completed, double seconds, double cpuSeconds) {
        return new BenchmarkReport.Throughput(50_000, completed, completed == 50_000, seconds, 0.8, cpuSeconds, 0.27,
                cpuSeconds / 3);
    }

    @Test
    void halfThePreviousReleasesCpuPerRequestMeetsTheTargetAndBothReleasesAreShown() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(run(50_000, 20.0, 30.0));
        report.baselineThroughput("v0.1.0 (e0bad7c)", run(50_000, 25.0, 60.0));

        assertThat(report.cpuRatio()).isEqualTo(0.5);
        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.table()).contains("1. Throughput", "Reelay, published -> completion consumed",
                "2,500 req/s", "service CPU per 1,000 requests", "0.60 s",
                "30.0 s of CPU over the 20.0 s (1.50 cores; 0.27 idle just before; 10.0 s of it the JIT compiler "
                        + "threads)",
                "baseline: v0.1.0 (e0bad7c), same workload", "2,000 req/s",
                "baseline: its service CPU per 1,000 requests", "1.20 s", "60.0 s of CPU over the 25.0 s (2.40 cores; 0.27 idle just before; 20.0 s of it the JIT compiler threads)",
                "this build / v0.1.0 (e0bad7c)", "0.50", "CPU per request; requests/s 1.25",
                "MET    >= 2,000 req/s end to end",
                "MET    CPU per request <= 0.5 x v0.1.0 (e0bad7c)'s (2x fewer CPU seconds per request)");
    }

    @Test
    void theRatioWithoutTheJitCompilerThreadsIsShownBesideAsContextAndJudgesNothing() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(new BenchmarkReport.Throughput(50_000, 50_000, true, 20.0, 0.8, 40.0, 0.1, 20.0));
        report.baselineThroughput("v0.1.0", new BenchmarkReport.Throughput(50_000, 50_000, true, 25.0, 0.8, 60.0,
                0.1, 10.0));

        // 40 s against 60 s in all (0.67, missed); 20 s against 50 s once the compiler threads' are left out (0.40).
        assertThat(report.table()).contains("this build / v0.1.0", "0.67",
                "the same without the JIT compiler threads", "0.40", "context, no target");
        assertThat(report.missedTargets())
                .containsExactly("CPU per request <= 0.5 x v0.1.0's (2x fewer CPU seconds per request)");
    }

    @Test
    void moreThanHalfThePreviousReleasesCpuPerRequestIsMissedEvenWhenFaster() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(run(50_000, 10.0, 30.5));
        report.baselineThroughput("v0.1.0", run(50_000, 25.0, 60.0));

        assertThat(report.cpuRatio()).isGreaterThan(0.5);
        assertThat(report.missedTargets())
                .containsExactly("CPU per request <= 0.5 x v0.1.0's (2x fewer CPU seconds per request)");
    }

    @Test
    void cpuIsPerCompletedRequestAndAnIncompleteRunIsAProblem() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(run(25_000, 20.0, 30.0));
        report.baselineThroughput("v0.1.0", run(50_000, 25.0, 50.0));

        // 30 s over 25,000 completions against 50 s over 50,000: 1.2 / 1.0
        assertThat(report.cpuRatio()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.problems()).containsExactly("throughput: only 25000 of 50000 requests completed");
    }

    /** A baseline that refused its requests (an older release's catalog, say) spent little CPU on no work. */
    @Test
    void aBaselineThatDidNotCompleteItsRequestsJudgesNothing() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(run(50_000, 36.6, 44.3));
        report.baselineThroughput("7889acf", run(0, 8.5, 9.7));

        assertThat(report.cpuRatio()).isNull();
        assertThat(report.problems()).containsExactly("throughput baseline 7889acf: only 0 of 50000 requests completed");
        assertThat(report.table()).contains("baseline: 7889acf, same workload",
                "NOT JUDGED CPU per request <= 0.5 x 7889acf's: it completed 0 of 50,000 requests")
                .doesNotContain("MET    CPU per request", "this build / 7889acf");
    }

    @Test
    void withoutTheBaselineTheCpuTargetIsNotJudgedNeitherMetNorMissed() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.throughput(new BenchmarkReport.Throughput(300, 300, true, 0.1, 0.05, 0.4, 0.3, 0.1));
        report.baselineNotRun("smoke size; -Dreelay.bench.baseline=true builds and runs it");

        assertThat(report.cpuRatio()).isNull();
        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.table()).contains("baseline: the previous release", "not run",
                "smoke size; -Dreelay.bench.baseline=true builds and runs it", "1.33 s",
                "NOT JUDGED CPU per request <= 0.5 x the previous release's: no baseline");
    }

    @Test
    void belowTwoThousandRequestsASecondIsMissed() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.full());

        report.throughput(run(50_000, 25.1, 10.0));

        assertThat(report.missedTargets()).containsExactly(">= 2,000 req/s end to end");
    }
}
