package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Part 5's lines of the table and its three targets, judged on the fair run only. */
class FairnessReportTest {

    private static FairnessPart.Result result(String policy, double bP99, double aPerMinute, long answers429) {
        return new FairnessPart.Result(policy, 20_000, 20_000, 120, 120, Percentiles.of(0.1, 0.2, bP99),
                Percentiles.of(0.05, 0.1), Percentiles.of(0.1, bP99), aPerMinute, 114.0, 60, 9_990, answers429,
                10_000);
    }

    @Test
    void aFairRunWithinTheTargetsIsMetBesideItsFirstComeBaseline() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());

        report.fairness(result("fair", 2.006, 9_600, 0), result("first-come", 95.0, 9_900, 3), 0.1);

        assertThat(report.missedTargets()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.table()).contains("5. Fairness", "B's wait, admission -> submit, fair", "p99 2.01 s",
                "baseline: B's wait under first-come", "p99 95.00 s", "96.0 %", "99.0 %", "0 / 3",
                "MET    B's wait p99 <= 2.006 s under fair (2 s + one slot: 6 ms, 60 ms x10)",
                "MET    A drains at >= 95 % of the budget under fair", "MET    0 answers 429 under fair");
    }

    @Test
    void aSlowB_aSlowA_orA429MissesItsTargetAndUnsubmittedRequestsAreProblems() {
        BenchmarkReport report = new BenchmarkReport(BenchmarkSettings.smoke());
        FairnessPart.Result fair = new FairnessPart.Result("fair", 20_000, 19_999, 120, 118,
                Percentiles.of(0.1, 2.007), Percentiles.EMPTY, Percentiles.EMPTY, 9_499, 114.0, 60, 9_600, 1, 10_000);

        report.fairness(fair, result("first-come", 95.0, 9_900, 0), 0.1);

        assertThat(report.missedTargets()).containsExactly(
                "B's wait p99 <= 2.006 s under fair (2 s + one slot: 6 ms, 60 ms x10)",
                "A drains at >= 95 % of the budget under fair", "0 answers 429 under fair");
        assertThat(report.problems()).containsExactly("fairness (fair): 1 of 20000 of A's requests not submitted",
                "fairness (fair): 2 of 120 of B's requests not submitted");
    }
}
