package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A graceful restart that had to be killed, or whose stop never ran its submit drain, fails the fault run. */
class GracefulRestartsTest {

    private static final String DRAINED = "2026-12-04 19:00:01,000 INFO  [io.ree.lif.str.TopologyProducer] (main) "
            + "Stopping: no submit call left under way (waited 1203 ms); new submits are left to the next owner";
    private static final String HANDED = "2026-12-04 19:00:02,000 INFO  [io.ree.lif.str.TaskTracker] (stream-1) "
            + "Partition 3 handed over with 0 requests marked but never sent, told to their next owner: []";

    @Test
    void aStopThatExitedOnItsOwnAfterItsDrainHoldsAndShowsWhatItWaitedFor() {
        GracefulRestarts section = GracefulRestarts.of(List.of(new GracefulRestarts.Stop("graceful restart 1", true,
                Duration.ofMillis(4_200))), Stream.of("noise", DRAINED, HANDED, "more noise"));

        assertThat(section.violations()).isEmpty();
        assertThat(section.lines()).anySatisfy(l -> assertThat(l).contains("graceful restart 1: exited on its own")
                .contains("yes after 4.2 s"));
        assertThat(section.lines()).anySatisfy(l -> assertThat(l).contains("waited 1203 ms"));
        assertThat(section.lines()).noneSatisfy(l -> assertThat(l).contains("noise"));
    }

    @Test
    void aStopThatHadToBeKilledBreaksTheRun() {
        GracefulRestarts section = GracefulRestarts.of(List.of(new GracefulRestarts.Stop("graceful restart 1", false,
                Duration.ofSeconds(45))), Stream.of(DRAINED));

        assertThat(section.violations()).singleElement().asString().contains("was SIGKILLed");
    }

    @Test
    void aStopWithoutItsDrainInTheLogBreaksTheRun() {
        GracefulRestarts section = GracefulRestarts.of(List.of(new GracefulRestarts.Stop("graceful restart 1", true,
                Duration.ofSeconds(2))), Stream.of(HANDED));

        assertThat(section.violations()).singleElement().asString().contains("0 submit drains for 1 graceful stops");
    }
}
