package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.testing.broker.EmbeddedKafkaBroker;

class KafkaFloorIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void twentyThousandRecordsGoRoundTheBrokerAndTheTopicIsDeletedAfterwards() throws Exception {
        KafkaFloor.Result result = new KafkaFloor(broker.bootstrapServers()).run(20_000, 3, Duration.ofSeconds(60));

        System.out.println(result.format());
        assertThat(result.complete()).isTrue();
        assertThat(result.consumed()).isEqualTo(20_000);
        assertThat(result.partitions()).isEqualTo(3);
        assertThat(result.valueBytes()).isEqualTo(300);
        assertThat(result.roundTripPerSecond()).isPositive();
        assertThat(result.producedPerSecond()).isPositive();
        // The last record can not be consumed before it was acknowledged... nearly: both clocks are this JVM's,
        // and the ack of the last record may reach the producer just after the consumer fetched it.
        assertThat(result.roundTripTime().toMillis()).isGreaterThanOrEqualTo(result.producerTime().toMillis() - 50);
        assertThat(result.roundTripPerSecond()).isEqualTo(20_000 / (result.roundTripTime().toNanos() / 1e9));
        assertThat(result.topic()).startsWith("bench-floor-");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !admin.listTopics().names().get().contains(result.topic()));
        }
    }

    @Test
    void refusesAnEmptyRun() {
        KafkaFloor floor = new KafkaFloor(broker.bootstrapServers());

        assertThatThrownBy(() -> floor.run(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> floor.run(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
