package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    private final Path target = Path.of("/work/reelay/target");

    @Test
    void defaultsAreTheWellKnownPortsAndRunningUntilStopped() {
        DemoSettings settings = DemoSettings.from(target, Map.of());

        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.simulatorPort()).isEqualTo(8090);
        assertThat(settings.s3Port()).isEqualTo(8333);
        assertThat(settings.exitAfterSamples()).isFalse();
        assertThat(settings.serviceJar()).isEqualTo(target.resolve("quarkus-app/quarkus-run.jar"));
        assertThat(settings.kafkaLogDir()).isEqualTo(target.resolve("demo-kafka"));
        assertThat(settings.s3Dir()).isEqualTo(target.resolve("demo-s3"));
        assertThat(settings.linkTtl()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void linkLifetimeIsAPositiveIsoDuration() {
        assertThat(DemoSettings.from(target, Map.of("REELAY_DEMO_LINK_TTL", " PT20S ")).linkTtl())
                .isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> DemoSettings.from(target, Map.of("REELAY_DEMO_LINK_TTL", "20s")))
                .hasMessage("REELAY_DEMO_LINK_TTL=20s is not a positive ISO-8601 duration (e.g. PT3M)");
        assertThatThrownBy(() -> DemoSettings.from(target, Map.of("REELAY_DEMO_LINK_TTL", "PT0S")))
                .hasMessageContaining("REELAY_DEMO_LINK_TTL=PT0S");
    }

    @Test
    void environmentOverridesPortsAndExit() {
        DemoSettings settings = DemoSettings.from(target, Map.of("REELAY_DEMO_KAFKA_PORT", "19092",
                "REELAY_DEMO_HTTP_PORT", " 18080 ", "REELAY_DEMO_SIMULATOR_PORT", "18090",
                "REELAY_DEMO_S3_PORT", "18333", "REELAY_DEMO_EXIT_AFTER_SAMPLES", "true"));

        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.httpPort()).isEqualTo(18080);
        assertThat(settings.simulatorPort()).isEqualTo(18090);
        assertThat(settings.s3Port()).isEqualTo(18333);
        assertThat(settings.exitAfterSamples()).isTrue();
    }

    @Test
    void portThatIsNoPortIsRefusedByName() {
        assertThatThrownBy(() -> DemoSettings.from(target, Map.of("REELAY_DEMO_HTTP_PORT", "80a")))
                .hasMessage("REELAY_DEMO_HTTP_PORT=80a is not a port number (0-65535)");
        assertThatThrownBy(() -> DemoSettings.from(target, Map.of("REELAY_DEMO_KAFKA_PORT", "70000")))
                .hasMessageContaining("REELAY_DEMO_KAFKA_PORT=70000");
        assertThatThrownBy(() -> DemoSettings.from(target, Map.of("REELAY_DEMO_S3_PORT", "-1")))
                .hasMessageContaining("REELAY_DEMO_S3_PORT=-1");
    }
}
