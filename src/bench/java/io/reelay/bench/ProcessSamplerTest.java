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
        Thread busy = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "busy-loop");
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
    void aPidThatIsGoneFailsClearly() {
        ProcessSampler gone = new ProcessSampler(Integer.MAX_VALUE);

        assertThatThrownBy(gone::rssBytes).hasMessageContaining("/proc/" + Integer.MAX_VALUE);
        assertThatThrownBy(gone::heapUsedAfterGcBytes).isInstanceOf(IllegalStateException.class);
    }

    private static com.sun.management.OperatingSystemMXBean com() {
        return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }
}
