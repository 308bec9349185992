package io.reelay.testing.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code java -jar target/quarkus-app/quarkus-run.jar}, default prod profile, so its own
 * simulator is off) pointed at the fault run's broker and simulator. Its Streams state dir is fixed, so a restart
 * after SIGKILL finds its stores where production would; its output is appended to one log per run.
 */
public final class ReelayProcess {

    /** As deployed (docker-compose.yml): past the submit drain's 30 s and the close after it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    private final Path jar;
    private final Map<String, String> properties;
    private final int httpPort;
    private final Path outputLog;
    private ChildJvm jvm;
    private int starts;

    /**
     * @param properties system properties for the service (bootstrap servers, base URLs, key, timings)
     */
    public ReelayProcess(Path jar, Map<String, String> properties, int httpPort, Path outputLog) {
        this.jar = jar;
        this.properties = properties;
        this.httpPort = httpPort;
        this.outputLog = outputLog;
    }

    /**
     * The properties every run sets: the broker (for the clients and Kafka Streams), both simulators, the topics'
     * partition count and a fixed state dir (so a restart finds its stores, as a redeployed pod would). Mutable: each
     * run adds its keys and timings.
     */
    public static Map<String, String> wiredTo(BrokerProcess broker, SimulatorServer simulator, int partitions,
            Path stateDir) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", broker.bootstrapServers());
        p.put("quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers());
        p.put("reelay.tokenlab.base-url", simulator.tokenLabBaseUrl());
        p.put("reelay.hub.base-url", simulator.hubBaseUrl());
        p.put("reelay.topics.partitions", Integer.toString(partitions));
        // The prod profile requires the instances' shared key; every instance of one run shares this one.
        p.put("reelay.internal.key", "it-only-internal-key-shared-by-the-run-instances");
        p.put("kafka-streams.state.dir", stateDir.toAbsolutePath().toString());
        // These runs measure and break the tracker against an in-JVM simulator whose result links are not served;
        // mirroring is tested against a real S3 server where a run starts one and turns it on.
        p.put("reelay.storage.enabled", "false");
        return p;
    }

    /**
     * {@link #wiredTo} for one of several instances of a run: reachable by its peers at {@code httpPort} (requests
     * are answered by any instance), one API client with {@code apiKey} that may read every request and call often,
     * the group told of a dead instance within 10 s, and polling quick enough for the simulator's 1-second tasks.
     */
    public static Map<String, String> peer(BrokerProcess broker, SimulatorServer simulator, int partitions,
            Path stateDir, int httpPort, String apiKey) {
        Map<String, String> p = wiredTo(broker, simulator, partitions, stateDir);
        p.put("quarkus.kafka-streams.application-server", "127.0.0.1:" + httpPort);
        p.put("reelay.tokenlab.api-key", "sk-" + apiKey);
        p.put("reelay.api.auth.clients.it.key", apiKey);
        p.put("reelay.api.auth.clients.it.access", "admin");
        p.put("reelay.api.auth.clients.it.calls-per-minute", "100000");
        p.put("kafka-streams.consumer.session.timeout.ms", "10000");
        p.put("reelay.polling.expected-duration", "PT1S");
        p.put("reelay.polling.min-interval", "PT0.2S");
        p.put("reelay.polling.lag-tolerance", "PT0.3S");
        return p;
    }

    /** Stops what a run started, services first; any of them may be null (a start that failed). */
    public static void stopAll(List<ReelayProcess> services, SimulatorServer simulator, BrokerProcess broker)
            throws Exception {
        for (ReelayProcess service : services) {
            if (service != null) {
                service.stop();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    /** Starts the service and returns once its readiness check answers 200 (Streams running). */
    public void start(Duration within) throws InterruptedException {
        // As deployed (k8s/, docker-compose.yml): the JVM's counters sampled once a second, not every 50 ms.
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-Xmx1g",
                "-XX:PerfDataSamplingInterval=1000"));
        // e.g. -Dreelay.service.jvm-args="-XX:StartFlightRecording=filename=target/service.jfr" to profile the service
        String extra = System.getProperty("reelay.service.jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + httpPort);
        command.addAll(List.of("-jar", jar.toString()));
        jvm = ChildJvm.start("service#" + (++starts), command, outputLog, null);
        awaitReady(within);
    }

    /** SIGKILL: no graceful Streams shutdown, no leave-group, open transactions left for the next start to abort. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    /**
     * SIGTERM (the service's graceful stop), then SIGKILL if it has not exited within 45 s.
     *
     * @return true if it exited on its own
     */
    public boolean stop() throws InterruptedException {
        return jvm == null || jvm.stop(STOP_GRACE);
    }

    /** The running service's process id (to measure it). */
    public long pid() {
        return jvm.pid();
    }

    public boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    /** The service's metrics as Prometheus text ({@code /q/metrics}), to read what it measured of itself. */
    public String metrics() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitReady(Duration within) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            // Doubles as the pause between probes, and notices a service that died at start-up.
            if (jvm.waitFor(Duration.ofMillis(500))) {
                throw new IllegalStateException("the service exited before it was ready; see " + outputLog);
            }
        }
        throw new IllegalStateException("the service was not ready within " + within.toSeconds() + " s (" + last
                + "); see " + outputLog);
    }
}
