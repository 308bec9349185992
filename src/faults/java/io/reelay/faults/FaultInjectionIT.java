package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The fault-injection run against the packaged service: {@code ./mvnw verify} runs it small (300 requests, 2
 * service kills, 1 broker restart, 1 graceful restart); the same test is the large on-demand run, e.g.
 * {@code ./mvnw verify -Dit.test=FaultInjectionIT -Dreelay.faults.requests=10000 -Dreelay.faults.kills=3}
 * (see {@link FaultSettings} for every knob). The table goes to the console and to target/fault-injection.txt;
 * each run's logs (broker, service) stay under target/faults/.
 */
class FaultInjectionIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void everyRequestEndsExactlyOnceAndIsChargedAtMostOnceThroughKillsABrokerRestartAndAGracefulRestart() throws Exception {
        Path jar = TARGET.resolve("quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged service (built by ./mvnw package)").isRegularFile();
        Path work = TARGET.resolve("faults");
        FaultInjectionRun.clean(work);

        FaultReport report = new FaultInjectionRun(FaultSettings.from(System.getProperties()), jar, work).run();

        System.out.println(report.table());
        Files.writeString(TARGET.resolve("fault-injection.txt"), report.table() + System.lineSeparator(),
                StandardCharsets.UTF_8);
        assertThat(report.violations()).as(report.table()).isEmpty();
    }
}
