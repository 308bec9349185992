package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Part 3's lines of the table and its targets (issue 16, for a million tasks in flight): loading rate, heap, RSS,
 * restore with no submit after it, and the idle CPU while the tasks wait; each figure beside its own verdict.
 */
class ScaleReportTest {

    private static final long MIB = 1024 * 1024;
    private static final BenchmarkReport.IdleCpu EMPTY = new BenchmarkReport.IdleCpu(0.008, 0.0,
            new ProcessSampler.Settled(20, 0.4, true));
    private static final BenchmarkReport.IdleCpu QUIET = new BenchmarkReport.IdleCpu(0.014, 0.001,
            new ProcessSampler.Settled(95, 0.21, true));

    @Test
    void aMillionWithinEveryTargetIsMetFigureByFigure() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(1_000_000, 1_000_000, true, 400, 28 * MIB, 300 * MIB, 260 * MIB, 1_200 * MIB, QUIET, EMPTY,
                40.0, 0);

        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.table()).contains("3. Scale", "1,000,000", "2,500 tasks/s", "CPU while the tasks wait",
                "0.014 cores", "95 s after the load: JIT quiet (0.21 cores until then)",
                "baseline: CPU with none in flight", "0.008 cores",
                "MET    loading at >= 2,000 tasks/s", "MET    heap after full GC <= 1 GiB", "MET    RSS <= 1.5 GiB",
                "MET    restore after SIGKILL, local state wiped, <= 60 s, 0 submits after it",
                "MET    CPU while 1,000,000 tasks wait (nothing due) <= 0.02 cores")
                .doesNotContain("judged here at");
    }

    @Test
    void eachFigureOverItsTargetMissesItsOwnTarget() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(1_000_000, 1_000_000, true, 667, 28 * MIB, 900 * MIB, 260 * MIB, 1_600 * MIB, QUIET, EMPTY,
                75.0, 0);

        assertThat(report.missedTargets()).containsExactly("loading at >= 2,000 tasks/s", "RSS <= 1.5 GiB",
                "restore after SIGKILL, local state wiped, <= 60 s, 0 submits after it");
        assertThat(report.table()).contains("1,499 tasks/s", "MISSED loading at >= 2,000 tasks/s",
                "MET    heap after full GC <= 1 GiB", "1600 MiB", "MISSED RSS <= 1.5 GiB", "75.0 s");
    }

    @Test
    void aSubmitAfterTheRestartMissesTheRestoreTargetHoweverQuickAndIsAProblem() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(1_000_000, 1_000_000, true, 400, 28 * MIB, 300 * MIB, 260 * MIB, 1_200 * MIB, QUIET, EMPTY,
                20.0, 3);

        assertThat(report.missedTargets()).containsExactly(
                "restore after SIGKILL, local state wiped, <= 60 s, 0 submits after it");
        assertThat(report.problems()).containsExactly("scale: 3 requests were submitted again after the restart");
    }

    @Test
    void aLoadThatNeverCompletedMissesTheLoadingTargetAndIsAProblem() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(1_000_000, 990_000, false, 300, 28 * MIB, 300 * MIB, 260 * MIB, 1_200 * MIB, QUIET, EMPTY,
                40.0, 0);

        assertThat(report.missedTargets()).containsExactly("loading at >= 2,000 tasks/s");
        assertThat(report.problems()).containsExactly("scale: only 990000 of 1000000 tasks reached the upstream");
    }

    @Test
    void belowAMillionTheTableSaysTheTargetsAreTheMillionsJudgedAtTheSizeRun() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(100_000, 100_000, true, 40, 14 * MIB, 30 * MIB, 200 * MIB, 700 * MIB, QUIET, EMPTY, 5.0, 0);

        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.table()).contains("issue 16's are for 1,000,000 in flight, judged here at 100,000 "
                + "(-Pbench,million for the million)");
    }

    @Test
    void anIdleServiceAboveTheTargetMissesIt() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(1_000_000, 1_000_000, true, 400, 28 * MIB, 300 * MIB, 260 * MIB, 1_200 * MIB,
                new BenchmarkReport.IdleCpu(0.27, 0.2, new ProcessSampler.Settled(180, 0.3, false)), EMPTY, 40.0, 0);

        assertThat(report.missedTargets()).containsExactly(
                "CPU while 1,000,000 tasks wait (nothing due) <= 0.02 cores");
        assertThat(report.table()).contains("0.270 cores", "JIT still busy",
                "MISSED CPU while 1,000,000 tasks wait (nothing due) <= 0.02 cores");
    }
}
