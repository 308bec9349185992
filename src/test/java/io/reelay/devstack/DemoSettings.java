package io.reelay.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the demo runs and where, from the Maven target directory and the environment.
 *
 * @param kafkaPort client port of the demo broker on localhost ({@code REELAY_DEMO_KAFKA_PORT}, 9092; 0 for any)
 * @param httpPort HTTP port of the service ({@code REELAY_DEMO_HTTP_PORT}, 8080)
 * @param simulatorPort HTTP port of the provider simulator the service calls ({@code REELAY_DEMO_SIMULATOR_PORT}, 8090;
 *            0 for any)
 * @param s3Port HTTP port of the demo's S3 server, where the service keeps its copies of the videos
 *            ({@code REELAY_DEMO_S3_PORT}, 8333; 0 for any)
 * @param exitAfterSamples stop after the sample summary instead of running until stopped
 *            ({@code REELAY_DEMO_EXIT_AFTER_SAMPLES=true}, for smoke checks)
 * @param linkTtl how long the simulator's result links answer after a task ends, as a real upstream's signed links
 *            do ({@code REELAY_DEMO_LINK_TTL}, ISO-8601, {@code PT3M}): short, so the demo shows the stored copies
 *            still playing once the links are dead
 */
record DemoSettings(Path targetDir, int kafkaPort, int httpPort, int simulatorPort, int s3Port,
        boolean exitAfterSamples, Duration linkTtl) {

    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_SIMULATOR_PORT = 8090;
    static final int DEFAULT_S3_PORT = 8333;
    static final Duration DEFAULT_LINK_TTL = Duration.ofMinutes(3);

    static DemoSettings from(Path targetDir, Map<String, String> env) {
        return new DemoSettings(targetDir.toAbsolutePath(),
                port(env, "REELAY_DEMO_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                port(env, "REELAY_DEMO_HTTP_PORT", DEFAULT_HTTP_PORT),
                port(env, "REELAY_DEMO_SIMULATOR_PORT", DEFAULT_SIMULATOR_PORT),
                port(env, "REELAY_DEMO_S3_PORT", DEFAULT_S3_PORT),
                Boolean.parseBoolean(env.getOrDefault("REELAY_DEMO_EXIT_AFTER_SAMPLES", "false").trim()),
                duration(env, "REELAY_DEMO_LINK_TTL", DEFAULT_LINK_TTL));
    }

    /** The service as {@code quarkus:build} packages it. */
    Path serviceJar() {
        return targetDir.resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The simulator's output: it runs quietly beside the service, whose log shows the calls. */
    Path simulatorLog() {
        return targetDir.resolve("demo-simulator.log");
    }

    /** Wiped at every start, so each demo run begins with empty topics. */
    Path kafkaLogDir() {
        return targetDir.resolve("demo-kafka");
    }

    /** The service's Kafka Streams state, wiped with the broker's logs. */
    Path streamsStateDir() {
        return targetDir.resolve("demo-streams");
    }

    /**
     * The S3 server's buckets, one directory each, one file per object: wiped when a demo starts (its topics start
     * empty too), kept after it stops so the copies can still be looked at.
     */
    Path s3Dir() {
        return targetDir.resolve("demo-s3");
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a port number (0-65535)");
    }

    private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
        String value = env.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration parsed = Duration.parse(value);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a positive ISO-8601 duration (e.g. PT3M)");
    }
}
