package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Part 2's verdict: polls a task, lags within 2 s + 3 %, and the adaptive run's tail against polling every 5 s. */
class EconomyReportTest {

    private static final double X10 = 0.1;

    /** {@code count} tasks of 100 s (compressed 10 s), each polled {@code polls} times, detected after {@code lagS}. */
    private static List<BenchmarkRun.Sample> tasks(int count, int polls, double lagS) {
        List<BenchmarkRun.Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new BenchmarkRun.Sample(10_000, Math.round(lagS * 1000 * X10), polls));
        }
        return samples;
    }

    /** The fixed 5 s run: lags spread 0.1 .. 10 s, so its p99 is about 9.9 s. */
    private static List<BenchmarkRun.Sample> fixedRun() {
        List<BenchmarkRun.Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add(new BenchmarkRun.Sample(10_000, Math.round(i * 100 * X10), 20));
        }
        return samples;
    }

    private static BenchmarkReport report(List<BenchmarkRun.Sample> adaptive) {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());
        report.economy("Reelay adaptive", adaptive.size(), adaptive, X10);
        report.economy("fixed-pass gateway (15 s pass, 1 s per task)", 100, tasks(100, 2, 200), X10);
        report.economy("Reelay fixed 5 s", 100, fixedRun(), X10);
        return report;
    }

    @Test
    void twoPollsATaskDetectedInTimeWithATailNoLaterThanFixedPollingMeetTheTarget() {
        List<BenchmarkRun.Sample> adaptive = tasks(198, 2, 3.0);
        adaptive.addAll(tasks(2, 1, 30)); // 1 % later than the fixed run's p99

        BenchmarkReport report = report(adaptive);

        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.table()).contains("detected later than polling every 5 s does", "1.0 % of the adaptive run's",
                "MET    Reelay adaptive");
    }

    @Test
    void aTailLaterThanFixedPollingForMoreThanOnePercentMissesEvenWithFewPollsAndLagsInTarget() {
        List<BenchmarkRun.Sample> adaptive = tasks(196, 2, 3.0);
        adaptive.addAll(tasks(4, 1, 10.5)); // within 2 s + 3 % of 100 s (5 s)? no: 10.5 s is past it, and past 9.9 s

        BenchmarkReport report = report(adaptive);

        assertThat(report.missedTargets()).containsExactly("poll economy: Reelay adaptive");
        assertThat(report.table()).contains("2.0 % of the adaptive run's", "MISSED Reelay adaptive");
    }

    @Test
    void morePollsThanTwoATaskMiss() {
        BenchmarkReport report = report(tasks(200, 3, 3.0));

        assertThat(report.missedTargets()).containsExactly("poll economy: Reelay adaptive");
    }
}
