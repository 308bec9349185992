package io.reelay.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.testing.kafka.Received;
import io.reelay.testing.kafka.TopicClient;

class EmbeddedKafkaBrokerIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        System.out.println("Embedded Kafka broker started in " + broker.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void recordProducedToACreatedTopicIsConsumedBack() {
        String topic = uniqueTopic();
        broker.createTopics(List.of(topic), 3);

        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            kafka.send(topic, "request-1", utf8("hello"), Map.of("reason", "because"));
            Received record = kafka.read(topic, 1, WITHIN).get(0);

            assertThat(record.key()).isEqualTo("request-1");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(record.header("reason")).isEqualTo("because");
        }
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() {
        String topic = uniqueTopic();
        broker.createTopics(List.of(topic), 3);

        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "request-1", utf8("aborted")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "request-1", utf8("committed")));
            producer.commitTransaction();
        }

        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            // Same key, same partition: the aborted record sits before the committed one and would come first.
            Received first = kafka.read(topic, 1, WITHIN).get(0);
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("committed");
        }
    }

    @Test
    void creatingExistingTopicsAgainKeepsThem() throws Exception {
        String topic = uniqueTopic();
        broker.createTopics(List.of(topic), 3);
        broker.createTopics(List.of(topic), 5);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
        }
    }

    @Test
    void topicsAreNotCreatedByUse() {
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            assertThatThrownBy(() -> kafka.read(uniqueTopic(), 1, Duration.ofSeconds(2)))
                    .hasMessageContaining("does not exist");
        }
    }

    @Test
    void takenPortIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(broker.port(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Port " + broker.port())
                .hasMessageContaining("already in use");
    }

    @Test
    void secondBrokerRunsBesideTheFirstAndDeletesItsTemporaryLogDirOnClose() {
        Path logDir;
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start()) {
            logDir = second.logDir();
            assertThat(second.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());
            second.createTopics(List.of("second"), 1);
            try (TopicClient kafka = new TopicClient(second.bootstrapServers())) {
                kafka.send("second", "k", utf8("v"), Map.of());
                assertThat(kafka.read("second", 1, WITHIN)).extracting(Received::key).containsExactly("k");
            }
            assertThat(logDir).isDirectory();
        }
        assertThat(Files.exists(logDir)).isFalse();
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static String uniqueTopic() {
        return "test-" + UUID.randomUUID();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
