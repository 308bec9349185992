package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

/**
 * Every punctuation makes Kafka Streams commit the stream task (a transaction under exactly_once_v2), so how often
 * the tick runs is what an idle tracker costs: every tick-interval only while something may need it, otherwise when
 * the schedule's next request is due.
 */
class TickPaceTest {

    private static final long TICK = 100;
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final TickPace pace = new TickPace(context, TICK, 0, timestamp -> { });

    @Test
    void startsAtTheTickInterval() {
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofMillis(TICK));
    }

    @Test
    void withNothingUnderWayTheNextTickIsWhenTheNextRequestIsDue() {
        pace.after(0, false, 1_000);
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofMillis(1_000));
        pace.after(1_000, false, 1_350);
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofMillis(350));
    }

    @Test
    void idlePartitionsWakeTogetherEveryTenSecondsOfTheWallClock() {
        TickPace other = new TickPace(context, TICK, 0, timestamp -> { });
        pace.after(1_234, false, 90_000);
        other.after(1_567, false, 90_000);
        assertThat(1_234 + pace.intervalMs()).isEqualTo(10_000);
        assertThat(1_567 + other.intervalMs()).isEqualTo(10_000);
        pace.after(9_950, false, 90_000);
        assertThat(pace.intervalMs()).as("at least a tick-interval away: the grid's next mark").isEqualTo(10_050);
        pace.after(20_000, false, 23_456);
        assertThat(pace.intervalMs()).as("a request due before the grid's mark").isEqualTo(3_456);
    }

    @Test
    void neverSoonerThanTheTickIntervalEvenWhenSomethingIsOverdue() {
        pace.after(5_000, false, 5_020);
        assertThat(pace.intervalMs()).isEqualTo(TICK);
        pace.after(5_100, false, 0);
        assertThat(pace.intervalMs()).isEqualTo(TICK);
    }

    @Test
    void workUnderWayKeepsTheTickIntervalWhateverTheSchedule() {
        pace.after(0, false, 1_000);
        pace.after(1_000, true, 2_000);
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofMillis(TICK));
    }

    @Test
    void aRecordReadWhileIdleBringsTheTickBackAtOnceAndOnlyOnce() {
        pace.after(0, false, 1_000);
        pace.soon(300);
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofMillis(TICK));
        int schedules = context.scheduledPunctuators().size();
        pace.soon(310);
        pace.soon(320);
        assertThat(context.scheduledPunctuators()).as("records read at the tick interval reschedule nothing")
                .hasSize(schedules);
    }

    @Test
    void aSteadyIdleIntervalIsNotRescheduledAtEveryTick() {
        pace.after(0, false, 1_000);
        int schedules = context.scheduledPunctuators().size();
        for (long now = 1_000; now <= 60_000; now += 1_000) {
            pace.after(now, false, now + 1_000);
        }
        assertThat(context.scheduledPunctuators()).hasSize(schedules);
        assertThat(live()).hasSize(1);
    }

    private List<CapturedPunctuator> live() {
        return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
    }
}
