package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reelay.testing.process.Ports;

class DemoMainIT {

    @TempDir
    Path target;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void missingServiceJarIsReportedWithTheCommandThatBuildsIt() {
        int exitCode = new DemoMain(settings(0, 0, 0, 0), out).run();

        assertThat(exitCode).isEqualTo(2);
        assertThat(output()).contains("quarkus-run.jar is missing").contains("./mvnw -Pdemo package");
    }

    @Test
    void takenKafkaPortIsReportedWithTheVariableThatMovesIt() throws IOException {
        writeStubServiceJar();
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            int exitCode = new DemoMain(settings(taken.getLocalPort(), 0, 0, 0), out).run();

            assertThat(exitCode).isEqualTo(2);
            assertThat(output()).contains("Port " + taken.getLocalPort()).contains("already in use")
                    .contains("REELAY_DEMO_KAFKA_PORT");
        }
    }

    @Test
    void takenSimulatorPortIsReportedWithTheVariableThatMovesIt() throws IOException {
        writeStubServiceJar();
        DemoMain demo = null;
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            demo = new DemoMain(settings(0, 0, taken.getLocalPort(), 0), out);
            int exitCode = demo.run();

            assertThat(exitCode).isEqualTo(2);
            assertThat(output()).contains("could not start the provider simulator")
                    .contains("REELAY_DEMO_SIMULATOR_PORT");
        } finally {
            if (demo != null) {
                demo.stop();
            }
        }
    }

    @Test
    void takenS3PortIsReportedWithTheVariableThatMovesIt() throws IOException {
        writeStubServiceJar();
        DemoMain demo = null;
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            demo = new DemoMain(settings(0, 0, 0, taken.getLocalPort()), out);
            int exitCode = demo.run();

            assertThat(exitCode).isEqualTo(2);
            assertThat(output()).contains("could not start the S3 server").contains("REELAY_DEMO_S3_PORT");
        } finally {
            if (demo != null) {
                demo.stop();
            }
        }
    }

    @Test
    void everySampleEndsWithOneLineAndTheSummaryCountsThem() throws IOException {
        writeStubServiceJar();
        int httpPort = Ports.free();
        DemoMain demo = new DemoMain(settings(0, httpPort, 0, 0), out);
        int exitCode;
        try {
            exitCode = demo.run();
        } finally {
            demo.stop();
        }

        String output = output();
        assertThat(exitCode).as(output).isZero();
        assertThat(output).containsPattern("Reelay demo ready: Kafka localhost:\\d+, HTTP http://localhost:"
                + httpPort + " \\(Ctrl\\+C or SIGTERM to stop\\)");
        assertThat(output.lines().filter(line -> line.startsWith("COMPLETED "))).hasSize(6)
                .allSatisfy(line -> assertThat(line).containsPattern("demo-\\w+-\\d .+ -> https://videos.example/"));
        assertThat(output.lines().filter(line -> line.startsWith("FAILED "))).singleElement().asString()
                .contains("veo3.1-fast").contains("upstream_failed: simulated upstream failure");
        assertThat(output).containsPattern("Provider simulator on http://127.0.0.1:\\d+/simulator/tokenlab and "
                + "http://127.0.0.1:\\d+/simulator/hub");
        assertThat(output).contains("7 of 7 requests finished: 6 completed, 1 failed").contains("Reelay demo stopped");
        assertThat(Files.list(target.resolve("demo-kafka"))).isNotEmpty();
        assertThat(output).containsPattern("S3 storage \\(s3proxy\\) on http://127\\.0\\.0\\.1:\\d+, bucket "
                + ServiceProcess.BUCKET);
        // The service got working storage settings (the stub wrote with them), and the copies outlive the demo.
        assertThat(target.resolve("demo-s3").resolve(ServiceProcess.BUCKET).resolve(StubService.READY_OBJECT))
                .hasContent("ready");
        // The stub service released its port: stop() ended the child process.
        try (ServerSocket reused = new ServerSocket(httpPort, 0, InetAddress.getLoopbackAddress())) {
            assertThat(reused.getLocalPort()).isEqualTo(httpPort);
        }
    }

    /** A jar where the service jar goes, running {@link StubService} on this test's classpath. */
    private void writeStubServiceJar() throws IOException {
        Path jar = target.resolve("quarkus-app").resolve("quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StubService.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .map(entry -> Path.of(entry).toUri().toString())
                        .collect(Collectors.joining(" ")));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file,
                manifest)) {
            // the manifest is the whole jar
        }
    }

    /** The demo's settings in this test's target dir, stopping after the samples. */
    private DemoSettings settings(int kafkaPort, int httpPort, int simulatorPort, int s3Port) {
        return new DemoSettings(target, kafkaPort, httpPort, simulatorPort, s3Port, true,
                DemoSettings.DEFAULT_LINK_TTL);
    }

    private String output() {
        return console.toString(StandardCharsets.UTF_8);
    }

}
