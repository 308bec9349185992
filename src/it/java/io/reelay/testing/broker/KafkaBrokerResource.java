package io.reelay.testing.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.testcontainers.DockerClientFactory;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.reelay.kafka.Topics;
import io.reelay.testing.process.Ports;

/**
 * Gives {@code @QuarkusTest}s a real Kafka broker with every Reelay topic, created before Quarkus starts (Kafka
 * Streams waits for its source topics). The broker is, in order of preference:
 * <ol>
 * <li>the one named by the system property {@value #BOOTSTRAP_PROPERTY}, left running after the tests;</li>
 * <li>a Testcontainers broker ({@value ContainerKafkaBroker#IMAGE}) when a Docker daemon answers;</li>
 * <li>an {@link EmbeddedKafkaBroker} in the test JVM.</li>
 * </ol>
 * A test class that leaves records every later reader would act on (the compacted {@code video.catalog}: a model it
 * retired, prices it changed) passes the init arg {@value #OWN_BROKER}{@code =true}: it then always gets a broker of
 * its own (2 or 3 above), stopped with it, even when a shared one is named.
 * Use it with {@code @QuarkusTestResource(KafkaBrokerResource.class)} (or {@code @WithTestResource}). Tests read the
 * address with {@link #bootstrapServers()} or {@code ConfigProvider.getConfig().getValue("kafka.bootstrap.servers",
 * String.class)}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_PROPERTY = "reelay.test.kafka.bootstrap";
    /** Init arg: {@code true} for a broker of the test class's own, never the shared one. */
    public static final String OWN_BROKER = "own-broker";
    static final int PARTITIONS = 3;

    private static volatile String bootstrapServers;

    private KafkaBroker broker;
    private Path stateDir;
    private boolean ownBroker;

    @Override
    public void init(Map<String, String> initArgs) {
        ownBroker = Boolean.parseBoolean(initArgs.getOrDefault(OWN_BROKER, "false"));
    }

    @Override
    public Map<String, String> start() {
        broker = pickBroker(ownBroker);
        broker.createTopics(Topics.ALL, PARTITIONS);
        bootstrapServers = broker.bootstrapServers();
        stateDir = createStateDir();

        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers);
        config.put("quarkus.kafka-streams.bootstrap-servers", bootstrapServers);
        config.put("quarkus.kafka.devservices.enabled", "false");
        // A state dir left by an earlier run, against a fresh broker, makes Streams report corrupted tasks.
        config.put("kafka-streams.state.dir", stateDir.toString());
        // A free port rather than 8081, which other runs on the machine may hold.
        config.put("quarkus.http.test-port", Integer.toString(Ports.free()));
        BrokerLogging.CATEGORIES.forEach(category -> config.put(logLevelKey(category), "WARN"));
        return config;
    }

    @Override
    public void stop() {
        bootstrapServers = null;
        if (broker != null) {
            broker.close();
        }
        if (stateDir != null) {
            EmbeddedKafkaBroker.deleteRecursively(stateDir);
        }
    }

    /** The bootstrap address of the running resource's broker. */
    public static String bootstrapServers() {
        String servers = bootstrapServers;
        if (servers == null) {
            throw new IllegalStateException("No KafkaBrokerResource is running");
        }
        return servers;
    }

    private static KafkaBroker pickBroker(boolean own) {
        String external = System.getProperty(BOOTSTRAP_PROPERTY, "");
        if (!own && !external.isBlank()) {
            return new ExternalBroker(external);
        }
        return dockerAvailable() ? new ContainerKafkaBroker() : EmbeddedKafkaBroker.start();
    }

    private static boolean dockerAvailable() {
        // Without a daemon the probe logs its failed attempts at ERROR; only its answer matters here.
        var logger = LogContext.getLogContext().getLogger("org.testcontainers");
        logger.setLevel(Level.OFF);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } finally {
            logger.setLevel(Level.WARNING);
        }
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("reelay-streams-state-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logLevelKey(String category) {
        return "quarkus.log.category.\"" + category + "\".level";
    }

    private record ExternalBroker(String bootstrapServers) implements KafkaBroker {
        @Override
        public void close() {
            // Not ours to stop.
        }
    }
}
