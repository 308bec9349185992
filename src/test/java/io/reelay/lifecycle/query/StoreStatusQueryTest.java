package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a query answers before the tracker runs: never a guess, never a wait. */
class StoreStatusQueryTest {

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
            StoreStatusQuery query = new StoreStatusQuery(streams, Optional.of("reelay-0.reelay:8080"));

            QueryResult result = query.find("any-request");

            assertThat(result).isInstanceOf(QueryResult.Unavailable.class);
            assertThat(((QueryResult.Unavailable) result).reason()).contains("created");
            assertThat(query.self()).isEqualTo(new Instance("reelay-0.reelay", 8080));
        }
    }

    @Test
    void withoutAnApplicationServerThisInstanceAnswersForItself() {
        try (KafkaStreams streams = notStarted("request-state-query-test-2")) {
            assertThat(new StoreStatusQuery(streams, Optional.empty()).self()).isEqualTo(Instance.UNKNOWN);
        }
    }

    @Test
    void beforeTheTrackerRunsNoOtherInstanceIsVouchedFor() {
        try (KafkaStreams streams = notStarted("request-state-query-test-3")) {
            StoreStatusQuery query = new StoreStatusQuery(streams, Optional.of("reelay-0.reelay:8080"));

            assertThat(query.isMember(new Instance("reelay-1.reelay", 8080))).isFalse();
            assertThat(query.isMember(Instance.UNKNOWN)).isFalse();
            assertThat(query.isMember(null)).isFalse();
        }
    }
}
