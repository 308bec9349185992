package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Part 3's lines of the table and its targets: heap, restore, and the idle CPU while the tasks wait. */
class ScaleReportTest {

    private static final long MIB = 1024 * 1024;
    private static final BenchmarkReport.IdleCpu EMPTY = new BenchmarkReport.IdleCpu(0.008, 0.0,
            new ProcessSampler.Settled(20, 0.4, true));

    @Test
    void anIdleServiceWithinTheTargetIsMetAndPrintedBesideItsBaseline() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(100_000, 100_000, true, 150, 14 * MIB, 30 * MIB, 200 * MIB, 700 * MIB,
                new BenchmarkReport.IdleCpu(0.014, 0.001, new ProcessSampler.Settled(95, 0.21, true)), EMPTY, 5.0, 0);

        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.table()).contains("3. Scale", "CPU while the tasks wait", "0.014 cores",
                "95 s after the load: JIT quiet (0.21 cores until then)", "baseline: CPU with none in flight",
                "0.008 cores", "MET    CPU while 100,000 tasks wait (nothing due) <= 0.02 cores");
    }

    @Test
    void anIdleServiceAboveTheTargetMissesIt() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.scale(100_000, 100_000, true, 150, 14 * MIB, 30 * MIB, 200 * MIB, 700 * MIB,
                new BenchmarkReport.IdleCpu(0.27, 0.2, new ProcessSampler.Settled(180, 0.3, false)), EMPTY, 5.0, 0);

        assertThat(report.missedTargets()).containsExactly(
                "CPU while 100,000 tasks wait (nothing due) <= 0.02 cores");
        assertThat(report.table()).contains("0.270 cores", "JIT still busy",
                "MISSED CPU while 100,000 tasks wait (nothing due) <= 0.02 cores");
    }
}
