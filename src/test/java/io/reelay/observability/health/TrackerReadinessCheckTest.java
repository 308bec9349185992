package io.reelay.observability.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrackerReadinessCheckTest {

    @ParameterizedTest
    @EnumSource(State.class)
    void readyOnlyWhileTheStreamsClientRuns(State state) {
        HealthCheckResponse response = new TrackerReadinessCheck(() -> state).call();

        assertThat(response.getName()).isEqualTo(TrackerReadinessCheck.NAME);
        assertThat(response.getStatus()).isEqualTo(state == State.RUNNING
                ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(d -> d.get("state")).isEqualTo(state.name());
    }
}
