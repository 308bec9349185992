package io.reelay.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a query answers before the tracker runs: never a guess, never a wait. */
class RequestStateQueryTest {

    @TempDir
    Path stateDir;

    /** A real Kafka Streams client, never started (its broker address leads nowhere). */
    private KafkaStreams notStarted(String applicationId) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Topology topology = new Topology();
        topology.addSource("in", "in");
        return new KafkaStreams(topology, config);
    }

    @Test
    void beforeTheTrackerRunsNobodyCanAnswerAndSaysSoAtOnce() {
        try (KafkaStreams streams = notStarted("request-state-query-test")) {
            RequestStateQuery query = new RequestStateQuery(streams, Optional.of("reelay-0.reelay:8080"));

            Lookup lookup = query.find("any-request");

            assertThat(lookup).isInstanceOf(Lookup.Unavailable.class);
            assertThat(((Lookup.Unavailable) lookup).reason()).contains("created");
            assertThat(query.self()).isEqualTo(new HostInfo("reelay-0.reelay", 8080));
        }
    }

    @Test
    void withoutAnApplicationServerThisInstanceAnswersForItself() {
        try (KafkaStreams streams = notStarted("request-state-query-test-2")) {
            assertThat(new RequestStateQuery(streams, Optional.empty()).self()).isEqualTo(HostInfo.unavailable());
        }
    }
}
