package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.reelay.kafka.Topics;

/**
 * Every store of the tracker but the schedule is logged to a changelog created with 64 MiB segments: the broker
 * compacts only closed segments, so with its default of 1 GiB a restore replays every version written since the segment
 * opened (three per in-flight request), not the live ones. The schedule, an index of the in-flight store, is built
 * again from it when a stream task starts ({@link ScheduleRebuildTest}) and has no changelog.
 */
class ChangelogConfigTest {

    @Test
    void everyTrackerStoreButTheScheduleIsLoggedWithSegmentsTheCleanerCanCompact() {
        var stores = new TaskTrackerSupplier(null, null, null, null).stores();

        assertThat(stores).extracting(s -> s.name()).containsExactlyInAnyOrder(Topics.IN_FLIGHT_STORE,
                Topics.FINISHED_STORE, Topics.DURATIONS_STORE, Topics.SCHEDULE_STORE, Topics.PARKED_STORE);
        assertThat(stores).filteredOn(store -> store.name().equals(Topics.SCHEDULE_STORE))
                .allSatisfy(store -> assertThat(store.loggingEnabled()).as(store.name()).isFalse());
        assertThat(stores).filteredOn(store -> !store.name().equals(Topics.SCHEDULE_STORE)).allSatisfy(store -> {
            assertThat(store.loggingEnabled()).as(store.name()).isTrue();
            assertThat(store.logConfig()).as(store.name()).containsEntry("segment.bytes", "67108864");
        });
    }
}
