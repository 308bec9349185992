package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * A {@code created} event read back carries the submitting process's time of the answer, any long a record on
 * video.tasks can hold: the task's start is that time only within the window behind the tracker's own clock, so a
 * deadline never moves by more than the window, whatever the record says.
 */
class AcceptedAtPropertiesTest {

    @Property(tries = 5_000)
    void aTaskStartsWithinTheWindowBehindTheTrackersClockWhateverItsCreatedEventSays(@ForAll long told,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now) {
        long accepted = Lifecycle.acceptedAt(told, now);
        assertThat(Lifecycle.next(LifecycleTest.at(RequestStage.SENT), new LifecycleInput.Created("t-1", "queued",
                now, told), now, LifecycleTest.SETTINGS).state().submittedAt()).as("what the lifecycle keeps")
                .isEqualTo(accepted);

        assertThat(accepted).isBetween(now - Lifecycle.ACCEPTED_AT_WINDOW_MS, now);
        assertThat(accepted == told || accepted == now).as("the told time or the tracker's own").isTrue();
    }
}
