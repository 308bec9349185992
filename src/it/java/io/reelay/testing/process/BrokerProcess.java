package io.reelay.testing.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Kafka broker in a JVM of its own, on a fixed port and a log dir that survives restarts: it can be stopped
 * (SIGTERM) or killed (SIGKILL) and started again with all its data, which the in-process broker cannot.
 */
public final class BrokerProcess {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final int port;
    private final Path logDir;
    private final Path outputLog;
    private ChildJvm jvm;

    public BrokerProcess(int port, Path logDir, Path outputLog) {
        this.port = port;
        this.logDir = logDir;
        this.outputLog = outputLog;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it accepts clients. */
    public void start() throws InterruptedException {
        // The harness's own classpath has the broker (a test dependency) and the launcher class.
        List<String> command = List.of(ChildJvm.javaExecutable(), "-Xmx768m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), Integer.toString(port), logDir.toString());
        jvm = ChildJvm.start("broker", command, outputLog, BrokerMain.READY);
        jvm.awaitReadyLine(READY_WITHIN);
    }

    /** SIGTERM: a clean shutdown (logs flushed, controller closed). */
    public void stop() throws InterruptedException {
        if (jvm != null) {
            jvm.stop(STOP_GRACE);
        }
    }

    /** SIGKILL: whatever was not written stays unwritten; the next start recovers the logs. */
    public void kill() throws InterruptedException {
        if (jvm != null) {
            jvm.kill();
        }
    }
}
