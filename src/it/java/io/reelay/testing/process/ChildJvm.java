package io.reelay.testing.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM whose stdout and stderr go, line by line, to a log file that outlives it (each start appends under
 * a banner), so a run keeps the whole story of a process that was killed and restarted.
 */
public final class ChildJvm {

    private final String name;
    private final Process process;
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * @param readyMarker the child is ready once a line contains it; null when readiness is checked otherwise
     */
    public static ChildJvm start(String name, List<String> command, Path log, String readyMarker) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ChildJvm child = new ChildJvm(name, process);
            Thread pump = new Thread(() -> child.pump(log, readyMarker), name + "-output");
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    private void pump(Path log, String readyMarker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            out.write("==== " + name + " pid " + process.pid() + " started " + Instant.now() + "\n");
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                if (readyMarker != null && !readyLine.isDone() && line.contains(readyMarker)) {
                    out.flush();
                    readyLine.complete(line);
                } else if (!in.ready()) {
                    out.flush(); // nothing more waiting: the file is current for a test that reads it while this runs
                }
            }
            out.write("==== " + name + " pid " + process.pid() + " output ended " + Instant.now() + "\n");
        } catch (IOException e) {
            readyLine.completeExceptionally(e);
        } finally {
            readyLine.completeExceptionally(new IllegalStateException(name + " ended its output before it was ready"));
        }
    }

    /** The line that carried the ready marker. */
    public String awaitReadyLine(Duration within) throws InterruptedException {
        try {
            return readyLine.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " did not become ready: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + within.toSeconds() + " s");
        }
    }

    /** Waits up to {@code within} for the process to end; true if it did. */
    public boolean waitFor(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL on Linux: no shutdown hook, no flush, no goodbye to the group coordinator. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + pid() + ") did not die within 30 s of SIGKILL");
        }
    }

    /**
     * SIGTERM, then SIGKILL if it has not ended within {@code grace}.
     *
     * @return true if it ended on its own (or had ended before), false if it had to be killed
     */
    public boolean stop(Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        // Through its handle: Process.destroy() also closes the pipes, and the log would lose the shutdown's lines.
        process.toHandle().destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return false;
        }
        return true;
    }

    /** The java launcher of this JVM, so children run on the same runtime. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
