package io.reelay.testing.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.reelay.simulator.SimulatorMain;

/**
 * The provider simulator ({@link SimulatorMain}) as a child JVM, as a real upstream would run: beside the service,
 * never inside it. Its classes come from this JVM's classpath (the test classpath), where the build puts them.
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern READY_LINE = Pattern.compile("tokenlab=(\\S+) hub=(\\S+)");

    private final ChildJvm jvm;
    private final String tokenLabBaseUrl;
    private final String hubBaseUrl;

    private SimulatorProcess(ChildJvm jvm, String tokenLabBaseUrl, String hubBaseUrl) {
        this.jvm = jvm;
        this.tokenLabBaseUrl = tokenLabBaseUrl;
        this.hubBaseUrl = hubBaseUrl;
    }

    /**
     * Starts the simulator and returns once it listens.
     *
     * @param options the simulator's settings as {@code --key=value} (see {@code SimulatorConfig}); without
     *            {@code --port} it takes a free port
     * @param log where its output goes (appended)
     */
    public static SimulatorProcess start(List<String> options, Path log) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName()));
        if (options.stream().noneMatch(o -> o.startsWith("--port="))) {
            command.add("--port=0");
        }
        command.addAll(options);
        ChildJvm jvm = ChildJvm.start("simulator", command, log, SimulatorMain.READY);
        String ready;
        try {
            ready = jvm.awaitReadyLine(READY_WITHIN);
        } catch (IllegalStateException e) {
            jvm.kill();
            throw new IllegalStateException(e.getMessage() + "; see " + log, e);
        } catch (InterruptedException e) {
            jvm.kill();
            throw e;
        }
        Matcher urls = READY_LINE.matcher(ready);
        if (!urls.find()) {
            jvm.kill();
            throw new IllegalStateException("unexpected ready line from the simulator: " + ready);
        }
        return new SimulatorProcess(jvm, urls.group(1), urls.group(2));
    }

    /** What the service's {@code reelay.tokenlab.base-url} should be. */
    public String tokenLabBaseUrl() {
        return tokenLabBaseUrl;
    }

    /** What the service's {@code reelay.hub.base-url} should be. */
    public String hubBaseUrl() {
        return hubBaseUrl;
    }

    /** The call log of both simulated APIs, as JSON ({@code GET}; {@code DELETE} clears it). */
    public String callsUrl() {
        return tokenLabBaseUrl + "/_calls";
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        jvm.stop(STOP_GRACE);
    }
}
