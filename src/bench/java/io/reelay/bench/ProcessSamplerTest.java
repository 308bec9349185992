package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** Against this test JVM itself, whose own figures (from the JMX beans) it can be checked against. */
class ProcessSamplerTest {

    private static final long MiB = 1024 * 1024;

    private final ProcessSampler sampler = new ProcessSampler(ProcessHandle.current().pid());

    @Test
    void rssIsPositiveAndCoversTheHeapInUse() {
        long rss = sampler.rssBytes();
        Runtime runtime = Runtime.getRuntime();

        System.out.printf("ProcessSampler: pid %d RSS %d MiB, jcmd %s, clock tick %d Hz%n", sampler.pid(), rss / MiB,
                sampler.jcmd(), ProcessSampler.clockTicksPerSecond());
        assertThat(rss).isGreaterThan(16 * MiB);
        // A JVM's RSS can not be above everything this machine has; a unit slip (kB as bytes, bytes as kB) would.
        assertThat(rss).isLessThan(com().getTotalMemorySize());
        assertThat(ProcessSampler.clockTicksPerSecond()).isPositive();
    }

    @Test
    void cpuTimeAgreesWithTheJvmsOwnAccountAndABusyLoopUsesCores() throws Exception {
        long jmxBefore = com().getProcessCpuTime();
        ProcessSampler.Sample before = sampler.sample();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = busyLoop("busy-loop", stop);
        busy.start();
        // A second of CPU spent by the loop (and the rest of this JVM), read off /proc, is the outcome to wait for.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> sampler.cpuNanos() - before.cpuNanos() >= 1_000_000_000L);
        ProcessSampler.Sample after = sampler.sample();
        long jmxAfter = com().getProcessCpuTime();
        stop.set(true);
        busy.join();

        double cores = ProcessSampler.coresBetween(before, after);
        long used = after.cpuNanos() - before.cpuNanos();
        System.out.printf("ProcessSampler: busy loop used %.2f cores (%d ms CPU over %d ms)%n", cores,
                used / 1_000_000, (after.nanoTime() - before.nanoTime()) / 1_000_000);
        assertThat(cores).isGreaterThan(0.1);
        // One busy thread and a test thread polling its figure: well under the two cores, whatever the JIT does meanwhile.
        assertThat(cores).isLessThan(Runtime.getRuntime().availableProcessors() + 0.5);
        // /proc and the JVM count the same CPU time: within a few clock ticks plus what ran between the readings.
        long jmxUsed = jmxAfter - jmxBefore;
        assertThat(Math.abs(used - jmxUsed)).isLessThan(Math.max(100_000_000L, jmxUsed / 5));
        assertThat(Math.abs(after.cpuNanos() - jmxAfter)).isLessThan(Math.max(200_000_000L, jmxAfter / 10));
    }

    @Test
    void coresOverAnIdleIntervalIsSmall() throws Exception {
        double cores = sampler.coresOver(Duration.ofMillis(500));

        assertThat(cores).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
    }

    @Test
    void heapUsedAfterGcIsTheLiveSetAndGrowsWithRetainedData() {
        long before = sampler.heapUsedAfterGcBytes();
        List<byte[]> retained = new ArrayList<>();
        // 64 KiB pieces: G1 would store 1 MiB arrays as humongous objects, each in regions of its own.
        for (int i = 0; i < 1024; i++) {
            retained.add(new byte[64 * 1024]);
        }
        long withRetained = sampler.heapUsedAfterGcBytes();

        System.out.printf("ProcessSampler: heap used after GC %d MiB, %d MiB with 64 MiB retained%n",
                before / MiB, withRetained / MiB);
        assertThat(before).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
        assertThat(withRetained - before).isBetween(56 * MiB, 96 * MiB);
        assertThat(retained).hasSize(1024);
    }

    @Test
    void parsesProcFilesAndHeapInfoOfTheUsualCollectors() {
        assertThat(ProcessSampler.parseVmRssBytes("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\n"))
                .isEqualTo(123456L * 1024);
        // The command name may hold spaces and parentheses; utime 1500 and stime 250 ticks.
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 12345 0 0 0 1500 250 0 0 20 0 42 0 "
                + "123 4567890 2345 18446744073709551615";
        assertThat(ProcessSampler.parseCpuTicks(stat)).isEqualTo(1750);

        assertThat(ProcessSampler.parseHeapUsedBytes("4242:\n"
                + " garbage-first heap   total 262144K, used 23456K [0x0000000080000000, 0x0000000100000000)\n"
                + "  region size 1024K, 14 young (14336K), 0 survivors (0K)\n"
                + " Metaspace       used 8985K, committed 9152K, reserved 1114112K\n"))
                .isEqualTo(23456L * 1024);
        assertThat(ProcessSampler.parseHeapUsedBytes("4242:\n"
                + " PSYoungGen      total 76288K, used 3932K [0x0, 0x0, 0x0)\n"
                + "  eden space 65536K, 6% used [0x0,0x0,0x0)\n"
                + " ParOldGen       total 175104K, used 100K [0x0, 0x0, 0x0)\n"
                + " Metaspace       used 6523K, committed 6656K, reserved 1114112K\n"))
                .isEqualTo(4032L * 1024);
        assertThat(ProcessSampler.parseHeapUsedBytes(" ZHeap           used 8M, capacity 256M, max capacity 2048M\n"))
                .isEqualTo(8L * MiB);
        assertThatThrownBy(() -> ProcessSampler.parseHeapUsedBytes(" Metaspace       used 8985K, committed 9152K\n"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theJitsShareIsReadPerThreadAndTheWaitForItToGoQuietIsBounded() throws Exception {
        long jit = sampler.compilerCpuNanos();
        long all = sampler.cpuNanos();
        // This JVM has compiled its test framework by now, and its compiler threads are some of its threads.
        assertThat(jit).isPositive().isLessThanOrEqualTo(all + 100_000_000L);

        ProcessSampler.Settled settled = sampler.awaitJitQuiet(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(600));
        assertThat(settled.seconds()).isBetween(0.1, 5.0);
        assertThat(settled.cores()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
    }

    @Test
    void tellsCompilerThreadsByTheirNamesInProc() {
        assertThat(ProcessSampler.parseCommand("17 (C2 CompilerThre) S 1 17 17 0 -1 0 0 0 0 0 900 12 0 0"))
                .isEqualTo("C2 CompilerThre");
        assertThat(ProcessSampler.parseCommand("18 (a (b) c) R 1")).isEqualTo("a (b) c");
        assertThat(ProcessSampler.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(ProcessSampler.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(ProcessSampler.isCompilerThread("reelay-tracker-")).isFalse();
        assertThat(ProcessSampler.isCompilerThread("Sweeper thread")).isFalse();
        assertThatThrownBy(() -> ProcessSampler.parseCommand("no command here"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBusyThreadTopsThePerThreadListUnderItsWholeJavaName() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = busyLoop("a busy thread with a name longer than fifteen characters", stop);
        var before = sampler.threadCpu();
        long start = System.nanoTime();
        busy.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sampler.threadCpu().values()
                    .stream().anyMatch(t -> t.name().equals("a busy thread w") && t.cpuNanos() >= 300_000_000L));
            var after = sampler.threadCpu();
            long wall = System.nanoTime() - start;
            var names = sampler.javaThreadNames();

            var busiest = ProcessSampler.busiestThreads(before, after, wall, names, 3);

            assertThat(busiest).hasSizeLessThanOrEqualTo(3);
            assertThat(busiest.get(0).name()).isEqualTo("a busy thread with a name longer than fifteen characters");
            assertThat(busiest.get(0).cpuNanos()).isGreaterThanOrEqualTo(300_000_000L);
            assertThat(busiest.get(0).cores()).isBetween(0.01, 1.05);
            // The JVM's own threads are in the dump too, by the name /proc shows cut to 15 characters.
            assertThat(names.values()).anyMatch(n -> n.startsWith("C2 CompilerThread"));
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    @Test
    void readsThreadNamesFromADumpOfEitherJdkAndCpuFromSchedstat() {
        String dump = """
                "main" #1 prio=5 os_prio=0 cpu=386.52ms elapsed=3.10s tid=0x00007f5c9802a000 nid=0x1a2b waiting
                   java.lang.Thread.State: WAITING (parking)
                	- parking to wait for  <0x00000000e1d3a000> (a "quoted" thing)
                "kafka-producer-network-thread | producer-1" #45 daemon prio=5 os_prio=0 cpu=2.00ms tid=0x1 nid=0x10 runnable
                "GC Thread#0" os_prio=0 cpu=12.30ms elapsed=3.09s tid=0x00007f5c9804b000 nid=0x1a2c runnable
                "vert.x-eventloop-thread-0" #30 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=3.0s tid=0x2 nid=7001 runnable
                """;

        var names = ProcessSampler.parseThreadNames(dump);

        assertThat(names).containsEntry(0x1a2bL, "main")
                .containsEntry(0x10L, "kafka-producer-network-thread | producer-1")
                .containsEntry(0x1a2cL, "GC Thread#0")
                .containsEntry(7001L, "vert.x-eventloop-thread-0")
                .hasSize(4);
        assertThat(ProcessSampler.parseSchedstatNanos("3147530 600508 3\n")).isEqualTo(3_147_530L);
        assertThatThrownBy(() -> ProcessSampler.parseSchedstatNanos("")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void busiestThreadsCountANewThreadFromZeroAndLeaveIdleOnesOut() {
        var before = java.util.Map.of(1L, new ProcessSampler.ThreadCpu(1, "old", 1_000),
                2L, new ProcessSampler.ThreadCpu(2, "idle", 5_000));
        var after = java.util.Map.of(1L, new ProcessSampler.ThreadCpu(1, "old", 3_000),
                2L, new ProcessSampler.ThreadCpu(2, "idle", 5_000), 3L, new ProcessSampler.ThreadCpu(3, "new", 4_000));

        var busiest = ProcessSampler.busiestThreads(before, after, 10_000, java.util.Map.of(1L, "old, whole name"), 10);

        assertThat(busiest).containsExactly(new ProcessSampler.ThreadUse(3, "new", 4_000, 0.4),
                new ProcessSampler.ThreadUse(1, "old, whole name", 2_000, 0.2));
        assertThatThrownBy(() -> ProcessSampler.busiestThreads(before, after, 0, java.util.Map.of(), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPidThatIsGoneFailsClearly() {
        ProcessSampler gone = new ProcessSampler(Integer.MAX_VALUE);

        assertThatThrownBy(gone::rssBytes).hasMessageContaining("/proc/" + Integer.MAX_VALUE);
        assertThatThrownBy(gone::heapUsedAfterGcBytes).isInstanceOf(IllegalStateException.class);
    }

    private static com.sun.management.OperatingSystemMXBean com() {
        return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    /** A thread that spins until {@code stop} (its sum is used, so the loop is not optimised away). */
    private static Thread busyLoop(String name, AtomicBoolean stop) {
        return new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, name);
    }
}
