package io.reelay.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.reelay.api.RequestView;

/** When an event stream says queued: on starting to wait, then on a real change, at most once a second. */
class QueuedNewsTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private static RequestView.Queue at(int position, int startInSeconds) {
        return new RequestView.Queue(position, 100, START.plusSeconds(startInSeconds), null, START);
    }

    @Test
    void startingToWaitIsNews() {
        assertThat(QueuedNews.due(null, 0, at(40, 60), 1_000)).isTrue();
        assertThat(QueuedNews.due(null, 0, null, 1_000)).as("not waiting").isFalse();
    }

    @Test
    void aNewPlaceIsNewsAtMostOnceASecond() {
        assertThat(QueuedNews.due(at(40, 60), 10_000, at(39, 60), 10_999)).as("within the second").isFalse();
        assertThat(QueuedNews.due(at(40, 60), 10_000, at(39, 60), 11_000)).isTrue();
    }

    @Test
    void theSamePlaceIsNewsOnlyWhenItsStartMovesFiveSecondsOrMore() {
        assertThat(QueuedNews.due(at(40, 60), 0, at(40, 64), 60_000)).isFalse();
        assertThat(QueuedNews.due(at(40, 60), 0, at(40, 65), 60_000)).isTrue();
        assertThat(QueuedNews.due(at(40, 60), 0, at(40, 55), 60_000)).isTrue();
        assertThat(QueuedNews.due(at(40, 60), 0, new RequestView.Queue(40, 100, null, null, START), 60_000))
                .as("no estimate any more").isTrue();
    }
}
