package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.reelay.testing.broker.EmbeddedKafkaBroker;

/**
 * The benchmark against the packaged service. {@code ./mvnw verify} runs its smoke size (seconds per part), so
 * it cannot rot; {@code ./mvnw -Pbench verify} runs the full size (minutes), and
 * {@code -Dreelay.bench.in-flight=1000000} holds a million tasks in flight (see {@link BenchmarkSettings}).
 * The table goes to the console and to target/benchmark.txt; logs stay under target/bench/.
 */
class BenchmarkIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void measuresThroughputPollEconomyScaleMirroringAndFairnessAgainstTheirBaselines() throws Exception {
        Path jar = TARGET.resolve("quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged service (built by ./mvnw package)").isRegularFile();
        Path work = TARGET.resolve("bench");
        EmbeddedKafkaBroker.deleteRecursively(work);
        BenchmarkSettings settings = BenchmarkSettings.from(System.getProperties());

        BenchmarkReport report = new BenchmarkRun(settings, jar, work).run();

        String table = report.table();
        System.out.println(table);
        Files.writeString(TARGET.resolve("benchmark.txt"), table, StandardCharsets.UTF_8);
        // Every part must run whole. The targets are asserted at full size (./mvnw -Pbench verify): a missed one fails
        // the build. At smoke size (every ./mvnw verify) the workloads are too small for the targets to mean anything,
        // so they are reported beside their baselines, not asserted.
        assertThat(report.problems()).as(table).isEmpty();
        if ("full".equals(settings.mode())) {
            assertThat(report.missedTargets()).as("targets missed at full size%n%s", table).isEmpty();
        }
        if (settings.runs("throughput")) {
            assertThat(report.reelayRate()).as(table).isPositive();
            if (settings.baseline()) {
                assertThat(report.cpuRatio()).as("the previous release measured beside this build%n%s", table)
                        .isNotNull();
            }
        }
        if (settings.runs("economy")) {
            assertThat(report.economyRows()).as(table).hasSize(3)
                    .allSatisfy(row -> assertThat(row.completed()).isEqualTo(row.tasks()));
        }
        if (settings.runs("scale")) {
            assertThat(report.scaleHeld()).as(table).isEqualTo((long) settings.inFlight());
        }
        if (settings.runs("mirror")) {
            assertThat(report.mirrorLagP99()).as(table).isNotNull();
            assertThat(report.webhookP99()).as(table).isNotNull();
        }
        if (settings.runs("fairness")) {
            assertThat(report.fairnessResults()).as(table).hasSize(2).allSatisfy(r -> {
                assertThat(r.aSubmitted()).isEqualTo(r.aRequests());
                assertThat(r.bSubmitted()).isEqualTo(r.bRequests()).isPositive();
            });
        }
    }
}
