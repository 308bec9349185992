package io.reelay.testing.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import io.reelay.testing.process.Ports;

/**
 * A real single-node KRaft broker (combined broker and controller) inside the current JVM, for tests and the demo
 * on machines without Docker. It listens on the loopback address only.
 *
 * <pre>{@code
 * try (var broker = EmbeddedKafkaBroker.start()) {
 *     broker.createTopics(Topics.ALL, 3);
 *     ... broker.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements KafkaBroker {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDir, boolean deleteLogDirOnClose,
            Duration startupTime) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.startupTime = startupTime;
    }

    /** A broker on a free port with a temporary log dir, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        return start(0, null);
    }

    /**
     * @param clientPort the client port on 127.0.0.1, or 0 for a free one
     * @param logDir where the broker keeps its data, kept on close; {@code null} for a temporary dir deleted on close
     * @throws IllegalStateException if {@code clientPort} is already taken
     */
    public static EmbeddedKafkaBroker start(int clientPort, Path logDir) {
        long began = System.nanoTime();
        BrokerLogging.quiet();
        int port = clientPort == 0 ? Ports.free() : requireFree(clientPort);
        // The controller quorum is fixed in the config before start, so its port has to be known in advance too.
        int controllerPort = Ports.free();
        boolean temporary = logDir == null;
        Path dir = temporary ? createTempDir() : createDirs(logDir);
        try {
            KafkaConfig config = new KafkaConfig(brokerProperties(port, controllerPort, dir), false);
            // A dir formatted before keeps its cluster id: formatting it again (with a new id) would refuse it.
            if (!Files.exists(dir.resolve("meta.properties"))) {
                format(config, dir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            startup(server);
            return new EmbeddedKafkaBroker(server, port, dir, temporary,
                    Duration.ofNanos(System.nanoTime() - began));
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(dir);
            }
            throw e;
        }
    }

    private static Properties brokerProperties(int port, int controllerPort, Path dir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // Internal topics default to replication factor 3, which one node can never satisfy: consumer groups
        // and transactions (Kafka Streams exactly_once_v2) would hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Reelay's topics are created explicitly; a typo in a topic name should fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        // The log cleaner allocates its whole dedupe buffer (128 MiB by default) up front.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return p;
    }

    private static void format(KafkaConfig config, Path dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir.toString())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log dir " + dir, e);
        }
    }

    private static void startup(KafkaRaftServer server) {
        try {
            // Returns once the broker is registered and unfenced, i.e. ready for clients.
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException("The embedded Kafka broker did not start", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** From the call to {@link #start} until the broker accepted clients (formatting included). */
    public Duration startupTime() {
        return startupTime;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            deleteRecursively(logDir);
        }
    }

    /** Deletes a directory and everything under it; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + HOST + " is already in use: stop whatever"
                    + " listens there (another Kafka?) or choose another port", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("reelay-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
