package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.messaging.Topics;
import io.reelay.tracking.config.TrackerConfig;
import io.smallrye.config.WithDefault;

/** The Strimzi cluster and topics of each overlay against what the service needs of them. */
class KafkaTopicsTest {

    /** Co-partitioned by request id: the tracker joins them in one task per partition. */
    private static final List<String> CO_PARTITIONED = List.of(Topics.REQUESTS, Topics.CANCELLATIONS, Topics.TASKS);

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    /** One built overlay's Kafka side. */
    record Cluster(List<ObjectNode> resources) {

        static Cluster of(Path kustomization) {
            return new Cluster(Kustomize.build(kustomization));
        }

        ObjectNode kafka() {
            return Manifests.only(resources, "Kafka");
        }

        /** Topic name (spec.topicName, else metadata.name) -> KafkaTopic. */
        Map<String, ObjectNode> topics() {
            return Manifests.all(resources, "KafkaTopic").stream().collect(Collectors.toMap(
                    t -> t.path("spec").path("topicName").asText(Manifests.name(t)), Function.identity()));
        }

        int partitions(String topic) {
            return topics().get(topic).path("spec").path("partitions").asInt();
        }

        /** Nodes with the broker role in the pools of this cluster. */
        int brokers() {
            return Manifests.all(resources, "KafkaNodePool").stream()
                    .filter(p -> p.path("metadata").path("labels").path("strimzi.io/cluster").asText()
                            .equals(Manifests.name(kafka())))
                    .filter(p -> rolesOf(p).contains("broker"))
                    .mapToInt(p -> p.path("spec").path("replicas").asInt())
                    .sum();
        }

        ReelayWorkloadTest.Built reelay() {
            return new ReelayWorkloadTest.Built(resources);
        }

        static List<String> rolesOf(JsonNode pool) {
            List<String> roles = new ArrayList<>();
            pool.path("spec").path("roles").forEach(role -> roles.add(role.asText()));
            return roles;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyTopicOfTheServiceHasAKafkaTopicOfItsCluster(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);

        assertThat(cluster.topics().keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(cluster.topics().values()).allSatisfy(t ->
                assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                        .as("%s strimzi.io/cluster", Manifests.id(t)).isEqualTo(Manifests.name(cluster.kafka())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theCoPartitionedTopicsHaveTheSamePartitionCount(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);

        assertThat(CO_PARTITIONED.stream().map(cluster::partitions).distinct().toList())
                .as("partitions of %s", CO_PARTITIONED)
                .hasSize(1).allSatisfy(p -> assertThat(p).isPositive());
    }

    /** Instances beyond the partition count of video.requests would get no partition and sit idle. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theAutoscalerStopsAtThePartitionCount(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        JsonNode hpa = Manifests.only(cluster.resources(), "HorizontalPodAutoscaler").path("spec");

        assertThat(hpa.path("maxReplicas").asInt()).isBetween(hpa.path("minReplicas").asInt(1),
                cluster.partitions(Topics.REQUESTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyTopicFitsTheBrokersAndSurvivesLosingOne(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        int brokers = cluster.brokers();

        assertThat(brokers).isPositive();
        assertThat(cluster.topics().values()).allSatisfy(t -> {
            int replicas = t.path("spec").path("replicas").asInt();
            int minIsr = t.path("spec").path("config").path("min.insync.replicas").asInt();
            assertThat(replicas).as("%s replicas", Manifests.id(t)).isBetween(1, brokers);
            assertThat(minIsr).as("%s min.insync.replicas", Manifests.id(t)).isBetween(1, replicas);
            if (replicas > 1) {
                assertThat(minIsr).as("%s: writes go on with one replica down", Manifests.id(t)).isLessThan(replicas);
            }
        });
    }

    /** Transactions (exactly_once_v2) and the Streams changelogs (broker default replication) on the same terms. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theBrokersOwnTopicsFitTheBrokers(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        JsonNode config = cluster.kafka().path("spec").path("kafka").path("config");
        int brokers = cluster.brokers();

        for (String factor : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "default.replication.factor")) {
            assertThat(config.path(factor).asInt()).as(factor).isBetween(1, brokers);
        }
        assertThat(config.path("transaction.state.log.min.isr").asInt())
                .isBetween(1, config.path("transaction.state.log.replication.factor").asInt());
        assertThat(config.path("min.insync.replicas").asInt())
                .isBetween(1, config.path("default.replication.factor").asInt());
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theClusterIsKraftWithoutZooKeeper(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);

        assertThat(cluster.kafka().path("spec").has("zookeeper")).isFalse();
        assertThat(Manifests.all(cluster.resources(), "KafkaNodePool")).anySatisfy(pool ->
                assertThat(Cluster.rolesOf(pool)).contains("controller"));
        assertThat(cluster.kafka().path("spec").path("entityOperator").has("topicOperator")).isTrue();
    }

    /** The service reaches this cluster's bootstrap Service, on a plain listener. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theServiceConnectsToTheClustersBootstrapService(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        JsonNode listener = cluster.kafka().path("spec").path("kafka").path("listeners").get(0);

        assertThat(listener.path("tls").asBoolean()).isFalse();
        assertThat(cluster.reelay().value("KAFKA_BOOTSTRAP_SERVERS")).contains(
                Manifests.name(cluster.kafka()) + "-kafka-bootstrap:" + listener.path("port").asInt());
    }

    /**
     * With the Topic Operator in charge, the service's TopicInitializer (reelay.topics.create) must stay off, or it
     * would create the topics first with its own partition count and the broker's default replication.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theServiceLeavesTopicCreationToStrimzi(Path kustomization) {
        ReelayWorkloadTest.Built reelay = Cluster.of(kustomization).reelay();

        assertThat(KnownConfig.environmentName("reelay.topics.create")).isEqualTo("REELAY_TOPICS_CREATE");
        assertThat(reelay.value("REELAY_TOPICS_CREATE")).contains("false");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyTopicStatesItsCleanupAndRetention(Path kustomization) {
        assertThat(Cluster.of(kustomization).topics().values()).allSatisfy(t -> {
            JsonNode config = t.path("spec").path("config");
            assertThat(config.path("cleanup.policy").asText()).as("%s cleanup.policy", Manifests.id(t))
                    .isIn("delete", "compact", "compact,delete");
            assertThat(config.path("retention.ms").asLong()).as("%s retention.ms", Manifests.id(t)).isPositive();
        });
    }

    /**
     * Anything still on video.requests can be replayed (a reset offset, a restored cluster). A request older than the
     * tracker's memory of finished ids (reelay.tracker.finished-retention) would then be submitted, and paid, again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void requestsAreNotKeptLongerThanFinishedIdsAreRemembered(Path kustomization) throws NoSuchMethodException {
        Cluster cluster = Cluster.of(kustomization);
        String configured = cluster.reelay().value("REELAY_TRACKER_FINISHED_RETENTION")
                .orElse(TrackerConfig.class.getMethod("finishedRetention").getAnnotation(WithDefault.class).value());
        long retention = cluster.topics().get(Topics.REQUESTS).at("/spec/config/retention.ms").asLong();

        assertThat(Duration.ofMillis(retention)).isLessThanOrEqualTo(Duration.parse(configured));
        assertThat(cluster.topics().get(Topics.CANCELLATIONS).at("/spec/config/retention.ms").asLong())
                .isLessThanOrEqualTo(retention);
    }
}
