package io.reelay.devstack;

import java.nio.file.Path;
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
 */
record DemoSettings(Path targetDir, int kafkaPort, int httpPort, int simulatorPort, int s3Port,
        boolean exitAfterSamples) {

    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_SIMULATOR_PORT = 8090;
    static final int DEFAULT_S3_PORT = 8333;

    static DemoSettings from(Path targetDir, Map<String, String> env) {
        return new DemoSettings(targetDir.toAbsolutePath(),
                port(env, "REELAY_DEMO_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                port(env, "REELAY_DEMO_HTTP_PORT", DEFAULT_HTTP_PORT),
                port(env, "REELAY_DEMO_SIMULATOR_PORT", DEFAULT_SIMULATOR_PORT),
                port(env, "REELAY_DEMO_S3_PORT", DEFAULT_S3_PORT),
                Boolean.parseBoolean(env.getOrDefault("REELAY_DEMO_EXIT_AFTER_SAMPLES", "false").trim()));
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
}
