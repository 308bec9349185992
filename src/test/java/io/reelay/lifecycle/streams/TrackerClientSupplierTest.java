package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams' main consumer, as the tracker gets it, waits for its thread's next tick rather than the poll.ms it
 * is asked for (100 ms): the poll.ms while no tracker ticks on the thread, until the tick a tracker registered
 * otherwise, a second at most. The global consumer waits a second where it is asked for poll.ms, and longer where it
 * is asked for longer (its first read). Against a broker that is not there, so each poll ends on its timeout.
 */
class TrackerClientSupplierTest {

    private static final long TICK = 100;

    @Test
    void theMainConsumerWaitsForItsThreadsNextTickAndTheGlobalOneASecond() throws Exception {
        TrackerClientSupplier supplier = new TrackerClientSupplier();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                ConsumerConfig.GROUP_ID_CONFIG, "tracker-client-supplier-test");

        long[] waits = new long[6];
        Thread streamThread = new Thread(() -> {
            try (Consumer<byte[], byte[]> main = supplier.getConsumer(config)) {
                main.assign(List.of(new TopicPartition("t", 0)));
                main.poll(Duration.ofMillis(TICK)); // the first poll also sets the client up: not timed
                waits[0] = timed(() -> main.poll(Duration.ofMillis(TICK)));
                long now = System.currentTimeMillis();
                TickPace pace = new TickPace(new MockProcessorContext<>(), 400, now, t -> { });
                waits[1] = timed(() -> main.poll(Duration.ofMillis(TICK)));
                waits[3] = timed(() -> main.poll(Duration.ZERO));
                TickPace idle = new TickPace(new MockProcessorContext<>(), 60_000, System.currentTimeMillis(), t -> { });
                pace.close();
                waits[4] = timed(() -> main.poll(Duration.ofMillis(TICK)));
                idle.close();
            }
            try (Consumer<byte[], byte[]> global = supplier.getGlobalConsumer(config)) {
                global.assign(List.of(new TopicPartition("t", 0)));
                global.poll(Duration.ofMillis(TICK)); // setting the client up: not timed
                waits[2] = timed(() -> global.poll(Duration.ofMillis(TICK)));
                waits[5] = timed(() -> global.poll(Duration.ofMillis(1_500)));
            }
        });
        streamThread.start();
        streamThread.join();

        assertThat(supplier.getConsumer(config)).isInstanceOf(PacedMainConsumer.class).satisfies(Consumer::close);
        assertThat(waits[0]).as("no tracker on the thread: the poll.ms asked for").isBetween(TICK - 20, 900L);
        assertThat(waits[1]).as("until the tracker's tick, 400 ms away, not the 100 ms asked for")
                .isBetween(350L, 900L);
        assertThat(waits[3]).as("asked not to wait: no wait").isLessThan(300L);
        assertThat(waits[4]).as("a tick a minute away: a second at most").isBetween(900L, 1_900L);
        assertThat(waits[2]).as("the global consumer following its topic: a second, not the 100 ms poll.ms")
                .isBetween(950L, 1_900L);
        assertThat(waits[5]).as("its first read's longer wait stands").isGreaterThanOrEqualTo(1_450L);
        assertThat(supplier.getGlobalConsumer(config)).isInstanceOf(PacedGlobalConsumer.class)
                .satisfies(Consumer::close);
    }

    private static long timed(Runnable poll) {
        long start = System.nanoTime();
        poll.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
