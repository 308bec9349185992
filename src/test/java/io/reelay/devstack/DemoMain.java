package io.reelay.devstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.kafka.TopicClient;
import io.reelay.testing.process.SimulatorProcess;
import io.reelay.testing.storage.S3Server;

/**
 * {@code ./mvnw -Pdemo package}: runs the packaged service against a real Kafka broker on localhost, the provider
 * simulator (a process of its own, as a real upstream) and a real S3 server (s3proxy on the filesystem, under
 * {@code target/demo-s3}) for the copies of the finished videos, publishes sample requests and prints how each ended.
 * All four stay up until SIGTERM or Ctrl+C.
 *
 * <p>
 * Environment: {@code REELAY_DEMO_KAFKA_PORT} (9092), {@code REELAY_DEMO_HTTP_PORT} (8080),
 * {@code REELAY_DEMO_SIMULATOR_PORT} (8090), {@code REELAY_DEMO_S3_PORT} (8333),
 * {@code REELAY_DEMO_LINK_TTL} (PT3M: how long the simulator's result links live) and
 * {@code REELAY_DEMO_EXIT_AFTER_SAMPLES=true} to stop after the samples ended, with exit code 1 if any did not.
 */
public final class DemoMain {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration SAMPLES_TIMEOUT = Duration.ofSeconds(120);
    static final int PARTITIONS = 3;
    /** Tasks of a few seconds, different by model, so the samples finish one after another. */
    static final List<String> SIMULATOR_OPTIONS = List.of("--default-duration=PT4S",
            "--model-durations.\"veo3.1\"=PT6S", "--model-durations.topaz-video-upscale=PT3S");

    private final DemoSettings settings;
    private final PrintStream out;
    private EmbeddedKafkaBroker broker;
    private SimulatorProcess simulator;
    private S3Server storage;
    private ServiceProcess service;
    private volatile boolean stopping;

    DemoMain(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("Usage: DemoMain <maven target dir>   (run it with ./mvnw -Pdemo package)");
            System.exit(2);
        }
        DemoSettings settings;
        try {
            settings = DemoSettings.from(Path.of(args[0]), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Reelay demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        DemoMain demo = new DemoMain(settings, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::stop, "reelay-demo-stop"));
        stopCleanlyOn("TERM");
        stopCleanlyOn("INT");
        stopWhenLauncherExits();
        int exitCode = demo.run();
        if (exitCode != 0 || settings.exitAfterSamples()) {
            System.exit(exitCode);
        }
        demo.exitWhenServiceExits();
        // Ctrl+C and SIGTERM end the JVM through the shutdown hook.
        new CountDownLatch(1).await();
    }

    /**
     * Being asked to stop is how a running demo is meant to end, so it exits 0 (and Maven reports success)
     * once the shutdown hook has stopped the service and the broker.
     */
    @SuppressWarnings("restriction")
    private static void stopCleanlyOn(String signal) {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> System.exit(0), "reelay-demo-exit").start());
    }

    /**
     * Maven (exec:exec) does not pass its own SIGTERM on to this process: when the launcher goes away, so does the
     * demo, taking the service and the broker with it.
     */
    private static void stopWhenLauncherExits() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                .thenRun(() -> new Thread(() -> System.exit(0), "reelay-demo-exit").start()));
    }

    /**
     * Starts the broker and the service, publishes the samples and reports their outcome; leaves both running.
     *
     * @return the exit code: 0 when every sample ended, 1 when the run failed, 2 when it could not begin
     */
    int run() {
        if (!Files.isRegularFile(settings.serviceJar())) {
            out.println("Reelay demo: the service jar " + settings.serviceJar() + " is missing. Build and run the"
                    + " demo with: ./mvnw -Pdemo package");
            return 2;
        }
        try {
            EmbeddedKafkaBroker.deleteRecursively(settings.kafkaLogDir());
            EmbeddedKafkaBroker.deleteRecursively(settings.streamsStateDir());
            broker = EmbeddedKafkaBroker.start(settings.kafkaPort(), settings.kafkaLogDir());
        } catch (IllegalStateException e) {
            out.println("Reelay demo: could not start Kafka: " + e.getMessage()
                    + " (set REELAY_DEMO_KAFKA_PORT to use another port)");
            return 2;
        }
        String kafka = "localhost:" + broker.port();
        broker.createTopics(Topics.ALL, PARTITIONS);
        out.printf("Kafka broker on %s (started in %d ms), topics: %s%n", kafka, broker.startupTime().toMillis(),
                String.join(", ", Topics.ALL));

        try {
            List<String> options = new ArrayList<>(SIMULATOR_OPTIONS);
            options.add("--port=" + settings.simulatorPort());
            options.add("--result-url-ttl=" + settings.linkTtl());
            simulator = SimulatorProcess.start(options, settings.simulatorLog());
        } catch (IllegalStateException e) {
            out.println("Reelay demo: could not start the provider simulator: " + e.getMessage()
                    + " (set REELAY_DEMO_SIMULATOR_PORT to use another port)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.printf("Provider simulator on %s and %s (call log %s)%n", simulator.tokenLabBaseUrl(),
                simulator.hubBaseUrl(), simulator.callsUrl());

        try {
            EmbeddedKafkaBroker.deleteRecursively(settings.s3Dir());
            storage = S3Server.start(settings.s3Port(), settings.s3Dir(), false);
        } catch (IllegalStateException e) {
            out.println("Reelay demo: could not start the S3 server: " + rootMessage(e)
                    + " (set REELAY_DEMO_S3_PORT to use another port)");
            return 2;
        }
        out.printf("S3 storage (s3proxy) on %s, bucket %s, access key %s, secret %s; the copies are files under %s%n",
                storage.endpoint(), ServiceProcess.BUCKET, S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                settings.s3Dir().resolve(ServiceProcess.BUCKET));

        service = ServiceProcess.start(settings.serviceJar(), kafka, settings.httpPort(), settings.streamsStateDir(),
                simulator, storage, settings.linkTtl());
        out.println("Started the service; waiting until " + service.readiness() + " answers 200 ...");
        try {
            service.awaitReady(READY_TIMEOUT);
        } catch (IllegalStateException e) {
            out.println("Reelay demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }

        try (TopicClient client = new TopicClient(broker.bootstrapServers())) {
            List<VideoRequested> samples = DemoSamples.create(shortRandomId(), Instant.now());
            samples.forEach(sample -> client.send(Topics.REQUESTS, sample.getRequestId(), sample));
            out.printf("Reelay demo ready: Kafka %s, HTTP http://localhost:%d (Ctrl+C or SIGTERM to stop)%n", kafka,
                    settings.httpPort());
            out.printf("Dashboard: http://localhost:%d/ui/ (the samples finishing, their videos playing)%n",
                    settings.httpPort());
            out.printf("Published %d sample requests to %s; waiting for %s and %s ...%n", samples.size(),
                    Topics.REQUESTS, Topics.COMPLETED, Topics.FAILED);
            return report(client, new DemoProgress(samples));
        }
    }

    private int report(TopicClient client, DemoProgress progress) {
        boolean allEnded = client.readUntil(List.of(Topics.COMPLETED, Topics.FAILED), SAMPLES_TIMEOUT, record -> {
            progress.accept(record).ifPresent(out::println);
            return progress.allEnded();
        });
        out.println(progress.summary());
        if (!allEnded) {
            out.println("Reelay demo: not every sample ended within " + SAMPLES_TIMEOUT.toSeconds() + " s");
            return 1;
        }
        checkLinksLater(progress.completions());
        return 0;
    }

    /**
     * Once the simulator's links have expired (REELAY_DEMO_LINK_TTL after each task ended), shows that they are dead
     * and the stored copies still play. A demo that keeps running checks in the background; one that stops after the
     * samples waits for the check only when the links live a minute or less.
     */
    private void checkLinksLater(List<VideoCompleted> completions) {
        if (completions.isEmpty()) {
            return;
        }
        Instant due = LinkCheck.due(completions, settings.linkTtl());
        if (settings.exitAfterSamples() && settings.linkTtl().compareTo(Duration.ofMinutes(1)) > 0) {
            return;
        }
        out.printf("The simulator's links expire %d s after each task ends, as a real upstream's do; at %s the demo"
                + " tries them and the stored copies%n", settings.linkTtl().toSeconds(), due);
        Runnable check = () -> {
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()));
                new LinkCheck().check(completions).forEach(out::println);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        if (settings.exitAfterSamples()) {
            check.run();
        } else {
            Thread later = new Thread(check, "reelay-demo-link-check");
            later.setDaemon(true);
            later.start();
        }
    }

    private void exitWhenServiceExits() {
        service.process().onExit().thenAccept(process -> {
            if (!stopping) {
                out.println("Reelay demo: the service exited with code " + process.exitValue() + "; stopping");
                // A thread of its own: exit waits for the shutdown hook, which may wait for this callback's pool.
                new Thread(() -> System.exit(1), "reelay-demo-exit").start();
            }
        });
    }

    /** Stops the service, then the simulator, storage and the broker it depends on; safe to call more than once. */
    synchronized void stop() {
        stopping = true;
        try {
            if (service != null) {
                service.stop();
            }
            if (simulator != null) {
                simulator.close();
            }
            if (storage != null) {
                // The bucket's files stay under target/demo-s3 until the next demo starts.
                storage.close();
                storage = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (broker != null) {
                broker.close();
                out.println("Reelay demo stopped");
            }
        }
    }

    /** "Address already in use" rather than the launcher's "s3proxy did not start". */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }

    private static String shortRandomId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
