package io.reelay.api.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.api.RequestView;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;

/** The owner the tracker keeps in a request's metadata, as the API shows it. */
class RequestViewMapperTest {

    @Test
    void theOwnerIsAFieldOfItsOwnAndReservedKeysAreNotShownAsMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "web");
        metadata.put("reelay:owner", "acme");
        metadata.put("reelay:anything-else", "x");

        RequestView view = RequestViewMapper.inFlight(task(metadata));

        assertThat(view.owner()).isEqualTo("acme");
        assertThat(view.metadata()).containsExactly(Map.entry("source", "web"));
    }

    @Test
    void aRequestPublishedStraightToKafkaHasNoOwner() {
        RequestView view = RequestViewMapper.inFlight(task(Map.of("source", "kafka")));
        assertThat(view.owner()).isNull();
        assertThat(view.metadata()).containsExactly(Map.entry("source", "kafka"));
        assertThat(RequestViewMapper.inFlight(task(null)).owner()).isNull();
    }

    @Test
    void metadataOfOnlyReservedKeysIsNotShownAtAll() {
        RequestView view = RequestViewMapper.inFlight(task(Map.of("reelay:owner", "acme")));
        assertThat(view.owner()).isEqualTo("acme");
        assertThat(view.metadata()).isNull();
    }

    private static TrackedTask task(Map<String, String> metadata) {
        return TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.in_flight).setProvider("tokenlab")
                .setModel("veo3.1").setIntentAt(1_000L).setSubmittedAt(2_000L).setUpstreamTaskId("t-1")
                .setNextPollAt(3_000L).setWakeAt(3_000L).setMetadata(metadata).build();
    }
}
