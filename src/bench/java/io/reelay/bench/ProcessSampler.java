package io.reelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running process costs, read from outside it by pid on Linux, so the benchmark can measure the service (a
 * child JVM) and the baseline the same way and without instrumenting either: resident memory (VmRSS from
 * {@code /proc/<pid>/status}), CPU time (utime + stime from {@code /proc/<pid>/stat}), CPU cores used over an
 * interval, and the Java heap still in use after a full GC (through {@code jcmd}), which is the live set, unlike
 * RSS, which also holds garbage not yet collected and heap the JVM reserved and keeps.
 *
 * <p>The heap figure needs the target to be a HotSpot JVM run by the same user that accepts attach (the default).
 */
public final class ProcessSampler {

    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    /** G1 (JDK 17): {@code  garbage-first heap   total 262144K, used 23456K [0x..., 0x...)}. */
    private static final Pattern HEAP_TOTAL_LINE =
            Pattern.compile("(?m)^\\s*[\\w-]+ heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    /** Serial and Parallel print generations instead: {@code  PSYoungGen total 76288K, used 3932K [...]}. */
    private static final Pattern GENERATION_LINE =
            Pattern.compile("(?m)^\\s*(?:def new generation|tenured generation|PSYoungGen|ParOldGen)\\s+total\\s+\\d+K,"
                    + "\\s+used\\s+(\\d+)K");
    /** ZGC: {@code  ZHeap           used 8M, capacity 256M, max capacity 2048M}. */
    /** A thread dump's thread line: {@code "name" #12 daemon prio=5 ... nid=0x1a2b runnable}. */
    private static final Pattern THREAD_LINE = Pattern.compile("(?m)^\"(.*)\"\\s.*?\\bnid=(0x[0-9a-fA-F]+|[0-9]+)\\b");
    private static final Pattern ZGC_LINE = Pattern.compile("(?m)^\\s*ZHeap\\s+used\\s+(\\d+)([KMG])");

    private final long pid;
    private final Path jcmd;

    /** Samples the process with this pid; {@code jcmd} is the one of the JDK running this JVM. */
    public ProcessSampler(long pid) {
        this(pid, defaultJcmd());
    }

    public ProcessSampler(long pid, Path jcmd) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        this.pid = pid;
        this.jcmd = jcmd;
    }

    /** A point-in-time reading: RSS and cumulative CPU time, with the monotonic time it was taken at. */
    public record Sample(Instant at, long nanoTime, long rssBytes, long cpuNanos) {
    }

    public long pid() {
        return pid;
    }

    public Path jcmd() {
        return jcmd;
    }

    /** Resident set size now, in bytes. */
    public long rssBytes() {
        return parseVmRssBytes(read("status"));
    }

    /** User plus system CPU time the process (all its threads) has used since it started, in nanoseconds. */
    public long cpuNanos() {
        long ticks = parseCpuTicks(read("stat"));
        return ticks * 1_000_000_000L / ClockTick.PER_SECOND;
    }

    public Duration cpuTime() {
        return Duration.ofNanos(cpuNanos());
    }

    public Sample sample() {
        long cpu = cpuNanos();
        long rss = rssBytes();
        return new Sample(Instant.now(), System.nanoTime(), rss, cpu);
    }

    /** CPU cores used on average between two samples of the same process: delta CPU time / delta wall time. */
    public static double coresBetween(Sample earlier, Sample later) {
        long wall = later.nanoTime() - earlier.nanoTime();
        if (wall <= 0) {
            throw new IllegalArgumentException("the samples are not in order or taken at the same instant");
        }
        return (double) (later.cpuNanos() - earlier.cpuNanos()) / wall;
    }

    /**
     * Cores used over the next {@code interval}: samples, sleeps, samples. The figure's resolution is one clock
     * tick (10 ms of CPU at 100 Hz) over the interval, so keep it to a second or more.
     */
    public double coresOver(Duration interval) throws InterruptedException {
        Sample first = sample();
        Thread.sleep(interval.toMillis());
        return coresBetween(first, sample());
    }

    /**
     * CPU time the JVM's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) have used, in
     * nanoseconds: read per thread from {@code /proc/<pid>/task/<tid>/stat}, whose command name is the thread's
     * (cut to 15 characters).
     */
    public long compilerCpuNanos() {
        long ticks = 0;
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile
                }
                if (isCompilerThread(parseCommand(stat))) {
                    ticks += parseCpuTicks(stat);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + tasks + " (has process " + pid + " ended?)", e);
        }
        return ticks * 1_000_000_000L / ClockTick.PER_SECOND;
    }

    /** One thread's CPU time so far: its native id (the tid /proc and jcmd's {@code nid} show), its name, nanoseconds. */
    public record ThreadCpu(long tid, String name, long cpuNanos) {
    }

    /** What one thread used between two readings: CPU nanoseconds and cores (CPU over the wall time between). */
    public record ThreadUse(long tid, String name, long cpuNanos, double cores) {
    }

    /**
     * Every live thread's CPU time, by tid: {@code /proc/<pid>/task/<tid>/schedstat}'s time on a CPU (nanoseconds,
     * exact) where the kernel keeps it, else utime + stime from its {@code stat} (clock ticks, 10 ms each, too coarse
     * for a thread that wakes for a millisecond now and then). The name is /proc's, cut to 15 characters; see
     * {@link #javaThreadNames()} for whole ones.
     */
    public Map<Long, ThreadCpu> threadCpu() {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (var listing = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) listing::iterator) {
                long tid;
                String stat;
                try {
                    tid = Long.parseLong(thread.getFileName().toString());
                    stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException | NumberFormatException ended) {
                    continue; // the thread ended meanwhile
                }
                long nanos = parseCpuTicks(stat) * 1_000_000_000L / ClockTick.PER_SECOND;
                try {
                    nanos = parseSchedstatNanos(Files.readString(thread.resolve("schedstat"), StandardCharsets.US_ASCII));
                } catch (IOException | RuntimeException noSchedstat) {
                    // a kernel without schedstat: the clock ticks stand
                }
                threads.put(tid, new ThreadCpu(tid, parseCommand(stat), nanos));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + tasks + " (has process " + pid + " ended?)", e);
        }
        return threads;
    }

    /**
     * The threads that used the most CPU between two {@link #threadCpu()} readings {@code wallNanos} apart, busiest
     * first, at most {@code limit}; a thread started in between counts from zero, one that ended is not seen.
     * {@code names} (tid to a whole Java thread name) wins over /proc's cut ones where it has the tid.
     */
    public static List<ThreadUse> busiestThreads(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after,
            long wallNanos, Map<Long, String> names, int limit) {
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("the readings are not in order: " + wallNanos + " ns apart");
        }
        List<ThreadUse> used = new ArrayList<>();
        for (ThreadCpu now : after.values()) {
            ThreadCpu then = before.get(now.tid());
            long cpu = now.cpuNanos() - (then == null ? 0 : then.cpuNanos());
            if (cpu > 0) {
                used.add(new ThreadUse(now.tid(), names.getOrDefault(now.tid(), now.name()), cpu,
                        cpu / (double) wallNanos));
            }
        }
        used.sort(Comparator.comparingLong(ThreadUse::cpuNanos).reversed().thenComparingLong(ThreadUse::tid));
        return used.size() > limit ? List.copyOf(used.subList(0, limit)) : List.copyOf(used);
    }

    /**
     * Whole Java thread names by native thread id, from {@code jcmd <pid> Thread.print} (which also lists the JVM's
     * own threads: GC, compiler, VM thread). Attaching starts the target's "Attach Listener" thread, so call this
     * outside a window whose CPU is being measured.
     */
    public Map<Long, String> javaThreadNames() {
        return parseThreadNames(jcmd("Thread.print"));
    }

    /**
     * Thread names by native id from a thread dump: each thread's line starts with its quoted name and holds
     * {@code nid=0x<hex>} (JDK 17) or {@code nid=<decimal>} (JDK 19 and later).
     */
    static Map<Long, String> parseThreadNames(String threadDump) {
        Map<Long, String> names = new HashMap<>();
        Matcher m = THREAD_LINE.matcher(threadDump);
        while (m.find()) {
            String nid = m.group(2);
            long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
            names.put(tid, m.group(1));
        }
        return names;
    }

    /** The first field of {@code /proc/.../schedstat}: nanoseconds the thread has spent on a CPU. */
    static long parseSchedstatNanos(String schedstat) {
        String[] fields = schedstat.trim().split("\\s+");
        if (fields.length < 1 || fields[0].isEmpty()) {
            throw new IllegalStateException("Not a /proc/<pid>/schedstat line: " + schedstat);
        }
        return Long.parseLong(fields[0]);
    }

    /** What a wait for the JIT to go quiet took: how long, the process's cores over it, and whether it did. */
    public record Settled(double seconds, double cores, boolean quiet) {
    }

    /**
     * Waits at least {@code atLeast}, then until the JIT compiler threads used less than {@code 1 %} of a core over
     * one {@code window}, at most {@code atMost} in all. After a load the JIT goes on compiling what the load made hot,
     * then what the idle loop does, for a minute or two: a one-off cost of the load, not of the waiting, so an idle
     * figure is taken after it (the JIT threads are still counted in it).
     */
    public Settled awaitJitQuiet(Duration window, Duration atLeast, Duration atMost) throws InterruptedException {
        Sample start = sample();
        long deadline = start.nanoTime() + atMost.toNanos();
        Thread.sleep(Math.min(atLeast.toMillis(), atMost.toMillis()));
        long jit = compilerCpuNanos();
        boolean quiet = false;
        while (!quiet && System.nanoTime() < deadline) {
            Thread.sleep(window.toMillis());
            long now = compilerCpuNanos();
            quiet = now - jit < window.toNanos() / 100;
            jit = now;
        }
        Sample end = sample();
        return new Settled((end.nanoTime() - start.nanoTime()) / 1e9, coresBetween(start, end), quiet);
    }

    /** A JIT compiler thread's name as /proc shows it (HotSpot: {@code C2 CompilerThread0}, cut to 15 characters). */
    static boolean isCompilerThread(String command) {
        return command.startsWith("C1 CompilerThre") || command.startsWith("C2 CompilerThre");
    }

    /** Field 2 of a {@code /proc/.../stat} line: the command (a thread's name), between the first '(' and last ')'. */
    static String parseCommand(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalStateException("Not a /proc/<pid>/stat line: " + stat);
        }
        return stat.substring(open + 1, close);
    }

    /**
     * Runs a full GC in the target ({@code jcmd <pid> GC.run}), then reads the heap in use
     * ({@code jcmd <pid> GC.heap_info}), in bytes. Takes about a second per jcmd call (each starts a JVM).
     *
     * @throws IllegalStateException when jcmd fails or its output has no heap figure this class knows
     */
    public long heapUsedAfterGcBytes() {
        jcmd("GC.run");
        return parseHeapUsedBytes(jcmd("GC.heap_info"));
    }

    /** Runs {@code jcmd <pid> <command>} and answers its output. */
    public String jcmd(String command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Read before waiting: a full pipe would block jcmd forever.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(jcmd + " " + pid + " " + command + " did not end within "
                        + JCMD_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(jcmd + " " + pid + " " + command + " exited with "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + jcmd, e);
        }
    }

    private String read(String file) {
        Path path = Path.of("/proc", Long.toString(pid), file);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + " (has process " + pid + " ended?)", e);
        }
    }

    /** VmRSS from the text of {@code /proc/<pid>/status}, in bytes. */
    static long parseVmRssBytes(String status) {
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("No VmRSS line in /proc/<pid>/status (a kernel thread or a zombie?)");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /**
     * utime + stime (fields 14 and 15, in clock ticks) from the text of {@code /proc/<pid>/stat}. Field 2, the
     * command name in parentheses, may itself hold spaces and parentheses, so fields are counted after the last
     * {@code ')'}.
     */
    static long parseCpuTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalStateException("Not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.length < 13) {
            throw new IllegalStateException("Too few fields in /proc/<pid>/stat: " + stat);
        }
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** The heap in use from {@code jcmd <pid> GC.heap_info} output, in bytes (G1, Serial, Parallel and ZGC). */
    static long parseHeapUsedBytes(String heapInfo) {
        Matcher heap = HEAP_TOTAL_LINE.matcher(heapInfo);
        if (heap.find()) {
            return Long.parseLong(heap.group(1)) * 1024;
        }
        Matcher generation = GENERATION_LINE.matcher(heapInfo);
        long sum = 0;
        boolean found = false;
        while (generation.find()) {
            sum += Long.parseLong(generation.group(1)) * 1024;
            found = true;
        }
        if (found) {
            return sum;
        }
        Matcher z = ZGC_LINE.matcher(heapInfo);
        if (z.find()) {
            long unit = switch (z.group(2)) {
                case "K" -> 1024L;
                case "M" -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            return Long.parseLong(z.group(1)) * unit;
        }
        throw new IllegalStateException("No heap 'used' figure in the GC.heap_info output:\n" + heapInfo);
    }

    /**
     * jcmd next to the java launcher running this JVM ({@code ProcessHandle.current().info().command()}), else in
     * {@code java.home/bin}, else whatever {@code jcmd} the PATH finds. The target should run the same JDK version.
     */
    static Path defaultJcmd() {
        Path fromCommand = ProcessHandle.current().info().command()
                .map(java -> Path.of(java).toAbsolutePath().resolveSibling("jcmd"))
                .filter(Files::isExecutable)
                .orElse(null);
        if (fromCommand != null) {
            return fromCommand;
        }
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(fromHome) ? fromHome : Path.of("jcmd");
    }

    /** Clock ticks per second of /proc's CPU times: {@code getconf CLK_TCK}, read once, else the usual 100. */
    static long clockTicksPerSecond() {
        return ClockTick.PER_SECOND;
    }

    private static final class ClockTick {

        static final long PER_SECOND = read();

        private static long read() {
            try {
                Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    long ticks = Long.parseLong(out);
                    if (ticks > 0) {
                        return ticks;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the usual value
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 100;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ProcessSampler[pid=%d, jcmd=%s]", pid, jcmd);
    }
}
