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

import io.reelay.config.TestConfig;
import io.reelay.kafka.Topics;

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

    /**
     * Clients reach the brokers through one listener, and it authenticates them (Strimzi opens only the listeners'
     * ports to clients); the broker then allows each user what its ACLs say, and refuses a user without ACLs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theOnlyListenerAuthenticatesEveryClientAndAclsDecide(Path kustomization) {
        JsonNode kafka = Cluster.of(kustomization).kafka().path("spec").path("kafka");

        assertThat(kafka.path("listeners")).hasSize(1);
        assertThat(kafka.at("/listeners/0/authentication/type").asText()).isIn("scram-sha-512", "tls");
        assertThat(kafka.at("/listeners/0/tls").asBoolean()).as("credentials and records encrypted").isTrue();
        assertThat(kafka.at("/authorization/type").asText()).isEqualTo("simple");
        assertThat(kafka.path("config").path("allow.everyone.if.no.acl.found").asBoolean(false)).isFalse();
    }

    /**
     * The service reaches this cluster's bootstrap Service on that listener, as the KafkaUser "reelay": its SCRAM login
     * from the Secret Strimzi creates for the user, the cluster CA from Strimzi's Secret; the same for its producers
     * and admin client (kafka.*) and for Kafka Streams (quarkus.kafka-streams.*, which does not fall back to kafka.* for
     * security).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theServiceConnectsToTheListenerAsItsKafkaUser(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        String name = Manifests.name(cluster.kafka());
        JsonNode listener = cluster.kafka().at("/spec/kafka/listeners/0");
        ReelayWorkloadTest.Built reelay = cluster.reelay();
        ObjectNode user = Manifests.only(cluster.resources(), "KafkaUser", "reelay");

        assertThat(reelay.value("KAFKA_BOOTSTRAP_SERVERS")).contains(name + "-kafka-bootstrap:"
                + listener.path("port").asInt());
        assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        for (String prefix : List.of("KAFKA_", "QUARKUS_KAFKA_STREAMS_")) {
            assertThat(reelay.value(prefix + "SECURITY_PROTOCOL")).as(prefix).contains("SASL_SSL");
            assertThat(reelay.value(prefix + "SASL_MECHANISM")).as(prefix).contains("SCRAM-SHA-512");
            JsonNode jaas = reelay.env().get(prefix + "SASL_JAAS_CONFIG");
            assertThat(jaas).as("%sSASL_JAAS_CONFIG", prefix).isNotNull();
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).as("the KafkaUser's Secret")
                    .isEqualTo(Manifests.name(user));
            assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(jaas.at("/valueFrom/secretKeyRef/optional").asBoolean(false)).isFalse();
            assertThat(reelay.value(prefix + "SSL_TRUSTSTORE_TYPE")).as(prefix).contains("PEM");
            assertThat(mountedSecretFile(reelay, reelay.value(prefix + "SSL_TRUSTSTORE_LOCATION").orElseThrow()))
                    .as("%sSSL_TRUSTSTORE_LOCATION", prefix).isEqualTo(name + "-cluster-ca-cert/ca.crt");
        }
    }

    /** "secret/key" of the Secret file mounted at {@code path} in Reelay's container. */
    private static String mountedSecretFile(ReelayWorkloadTest.Built reelay, String path) {
        for (JsonNode mount : reelay.container().path("volumeMounts")) {
            String dir = mount.path("mountPath").asText() + "/";
            if (!path.startsWith(dir)) {
                continue;
            }
            String file = path.substring(dir.length());
            for (JsonNode volume : reelay.podSpec().path("volumes")) {
                if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                    String secret = volume.at("/secret/secretName").asText();
                    JsonNode items = volume.at("/secret/items");
                    if (items.isMissingNode() || items.isEmpty()) {
                        return secret + "/" + file; // every key, as a file of its name
                    }
                    for (JsonNode item : items) {
                        if (item.path("path").asText().equals(file)) {
                            return secret + "/" + item.path("key").asText();
                        }
                    }
                }
            }
        }
        return "(not a mounted Secret: " + path + ")";
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
    void requestsAreNotKeptLongerThanFinishedIdsAreRemembered(Path kustomization) {
        Cluster cluster = Cluster.of(kustomization);
        String configured = cluster.reelay().value("REELAY_TRACKER_FINISHED_RETENTION")
                .orElse(TestConfig.defaults().tracker().finishedRetention().toString());
        long retention = cluster.topics().get(Topics.REQUESTS).at("/spec/config/retention.ms").asLong();

        assertThat(Duration.ofMillis(retention)).isLessThanOrEqualTo(Duration.parse(configured));
        assertThat(cluster.topics().get(Topics.CANCELLATIONS).at("/spec/config/retention.ms").asLong())
                .isLessThanOrEqualTo(retention);
    }
}
