package io.reelay.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.reelay.testing.process.SimulatorProcess;
import io.reelay.testing.storage.S3Server;

/** The packaged Reelay service, run as a child process that shares the demo's console. */
final class ServiceProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final URI readiness;

    private ServiceProcess(Process process, int httpPort) {
        this.process = process;
        this.readiness = URI.create("http://localhost:" + httpPort + "/q/health/ready");
    }

    /** The bucket the demo's copies go to (the service creates it). */
    static final String BUCKET = "reelay-videos";

    /**
     * @param simulator the upstream the service calls, for both providers
     * @param storage the S3 server the service copies finished videos to
     * @param linkTtl how long the simulator's result links live: what the service reports as their expiry
     */
    static ServiceProcess start(Path jar, String bootstrapServers, int httpPort, Path streamsStateDir,
            SimulatorProcess simulator, S3Server storage, Duration linkTtl) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(),
                "-Dquarkus.profile=demo",
                "-Dkafka.bootstrap.servers=" + bootstrapServers,
                // Streams has its own bootstrap setting; say it explicitly rather than rely on the profile.
                "-Dquarkus.kafka-streams.bootstrap-servers=" + bootstrapServers,
                "-Dquarkus.http.port=" + httpPort,
                "-Dreelay.tokenlab.base-url=" + simulator.tokenLabBaseUrl(),
                "-Dreelay.hub.base-url=" + simulator.hubBaseUrl(),
                // Fresh broker, fresh state: stale Streams state against new topics only makes noise.
                "-Dkafka-streams.state.dir=" + streamsStateDir,
                // Stored copies on, in the demo's own S3 server (said here rather than left to the profile, as
                // above). The simulator's result URLs are http on loopback: the demo and test profiles alone accept
                // those; production fetches https from public addresses only.
                "-Dreelay.storage.enabled=true",
                "-Dreelay.storage.endpoint=" + storage.endpoint(),
                "-Dreelay.storage.bucket=" + BUCKET,
                "-Dreelay.storage.path-style=true",
                "-Dreelay.storage.create-bucket=true",
                "-Dreelay.storage.fetch.allow-http=true",
                "-Dreelay.storage.fetch.allow-loopback=true",
                "-Dreelay.tracker.url-lifetime=" + linkTtl,
                "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // Keys in the environment, as a deployment passes them from a Secret: not on the command line.
        builder.environment().put("REELAY_STORAGE_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        builder.environment().put("REELAY_STORAGE_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        try {
            return new ServiceProcess(builder.start(), httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + String.join(" ", command), e);
        }
    }

    URI readiness() {
        return readiness;
    }

    /**
     * Returns once the readiness check answers 200.
     *
     * @throws IllegalStateException if the service exits first or is not ready within {@code within}
     */
    void awaitReady(Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + within.toNanos();
        String lastAnswer = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                lastAnswer = "HTTP " + status;
            } catch (ConnectException e) {
                lastAnswer = "connection refused";
            } catch (IOException e) {
                lastAnswer = e.toString();
            }
            // Waiting on the process doubles as the pause between probes and notices an early exit at once.
            // Once a second: every probe that finds the service not ready puts a few lines in its log.
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the service exited with code " + process.exitValue()
                        + " before it was ready; its log is above");
            }
        }
        throw new IllegalStateException("the service was not ready within " + within.toSeconds() + " s: "
                + readiness + " gave " + lastAnswer);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    /** SIGTERM, so Quarkus shuts down gracefully (Streams commits and leaves); SIGKILL if it takes too long. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            System.out.println("The service did not stop within " + STOP_GRACE.toSeconds() + " s; killing it");
            process.destroyForcibly().waitFor();
        }
    }
}
