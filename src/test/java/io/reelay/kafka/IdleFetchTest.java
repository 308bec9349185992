package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Idle followers' fetches are held by the broker for seconds, unless the operator set the hold. */
class IdleFetchTest {

    @Test
    void aFollowerFetchIsHeldFiveSecondsAndAPausingOneAsLongAsItMayWaitToReadAgain() {
        assertThat(IdleFetch.follower(new HashMap<>())).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000);
        assertThat(IdleFetch.follower(new HashMap<>(), Duration.ofSeconds(1)))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_000);
    }

    @Test
    void theOperatorsSettingWins() {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250"));

        assertThat(IdleFetch.follower(config)).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250");
    }
}
