package io.reelay.deploy;

import static io.reelay.deploy.KafkaAcls.Operation.Create;
import static io.reelay.deploy.KafkaAcls.Operation.Delete;
import static io.reelay.deploy.KafkaAcls.Operation.Describe;
import static io.reelay.deploy.KafkaAcls.Operation.DescribeConfigs;
import static io.reelay.deploy.KafkaAcls.Operation.IdempotentWrite;
import static io.reelay.deploy.KafkaAcls.Operation.Read;
import static io.reelay.deploy.KafkaAcls.Operation.Write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.deploy.KafkaAcls.Operation;
import io.reelay.kafka.Topics;

/**
 * What each Kafka user may do on the cluster of each overlay, as the broker's authorizer would decide it: Reelay
 * exactly what it needs, the example producer only requests and cancellations, the example consumer only the outcomes,
 * and nobody but Reelay writes video.tasks or touches the tracker's internal topics, group and transactions.
 */
class KafkaUsersTest {

    /** Kafka Streams' application id: its group id, and the prefix of its internal topics and transactional ids. */
    private static final String APPLICATION_ID = KnownConfig.applicationValue("quarkus.kafka-streams.application-id")
            .orElseThrow();
    private static final String INTERNAL = APPLICATION_ID + "-";
    /** Names Kafka Streams gives its internal topics and transactional ids. */
    private static final List<String> INTERNAL_TOPICS = List.of(
            INTERNAL + Topics.IN_FLIGHT_STORE + "-changelog", INTERNAL + Topics.FINISHED_STORE + "-changelog",
            INTERNAL + "KSTREAM-REPARTITION-0000000003-repartition");
    private static final String TRANSACTIONAL_ID = INTERNAL + "6f1c7a8e-0b1d-4e3a-9a55-2d1f1f0c9e21-1";
    private static final String OTHER = "some.other.topic";

    /** Topic -> what Reelay does with it. */
    private static final Map<String, Set<Operation>> REELAY_TOPICS = Map.ofEntries(
            // read by the tracker; written by the HTTP API's producers
            Map.entry(Topics.REQUESTS, EnumSet.of(Describe, Read, Write)),
            Map.entry(Topics.CANCELLATIONS, EnumSet.of(Describe, Read, Write)),
            // read and written by the tracker, written by the submit outcomes' producer
            Map.entry(Topics.TASKS, EnumSet.of(Describe, Read, Write)),
            // written by the tracker, read by the webhook delivery worker
            Map.entry(Topics.COMPLETED, EnumSet.of(Describe, Read, Write)),
            Map.entry(Topics.FAILED, EnumSet.of(Describe, Read, Write)),
            Map.entry(Topics.REQUESTS_DLQ, EnumSet.of(Describe, Write)),
            Map.entry(Topics.REROUTED, EnumSet.of(Describe, Read, Write)),
            // each instance publishes what discovery changed and reads the whole topic
            Map.entry(Topics.CATALOG, EnumSet.of(Describe, Read, Write)),
            // the webhook worker's delivery state (every instance reads it whole) and its dead letters
            Map.entry(Topics.WEBHOOKS, EnumSet.of(Describe, Read, Write)),
            Map.entry(Topics.WEBHOOKS_DEAD, EnumSet.of(Describe, Write)),
            // the cost ledger: written by the tracker, read back by its balance sub-topology
            Map.entry(Topics.LEDGER, EnumSet.of(Describe, Read, Write)),
            // learned durations: each tracker partition publishes its own, every instance reads them whole
            Map.entry(Topics.DURATIONS, EnumSet.of(Describe, Read, Write)));

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    /** One overlay's users, by name. */
    record Users(List<ObjectNode> resources) {

        static Users of(Path kustomization) {
            return new Users(Kustomize.build(kustomization));
        }

        KafkaAcls acls(String user) {
            return KafkaAcls.of(Manifests.only(resources, "KafkaUser", user));
        }

        List<KafkaAcls> all() {
            return Manifests.all(resources, "KafkaUser").stream().map(KafkaAcls::of).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyUserAuthenticatesAsTheListenerAsksAndIsAuthorizedByItsAcls(Path kustomization) {
        List<ObjectNode> resources = Kustomize.build(kustomization);
        ObjectNode kafka = Manifests.only(resources, "Kafka");
        String authentication = kafka.at("/spec/kafka/listeners/0/authentication/type").asText();

        assertThat(Manifests.all(resources, "KafkaUser")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("reelay", "reelay-producer", "reelay-consumer");
        assertThat(Manifests.all(resources, "KafkaUser")).allSatisfy(user -> {
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).as("%s cluster", Manifests.id(user))
                    .isEqualTo(Manifests.name(kafka));
            assertThat(user.at("/spec/authentication/type").asText()).as("%s authentication", Manifests.id(user))
                    .isEqualTo(authentication);
            assertThat(user.at("/spec/authorization/type").asText()).as("%s authorization", Manifests.id(user))
                    .isEqualTo("simple");
        });
        // The User Operator turns these resources into credentials and ACLs.
        assertThat(kafka.at("/spec/entityOperator").has("userOperator")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void reelayMayDoExactlyWhatItDoesWithEachTopic(Path kustomization) {
        KafkaAcls reelay = Users.of(kustomization).acls("reelay");

        assertThat(REELAY_TOPICS.keySet()).as("an expectation for every topic of the service")
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        REELAY_TOPICS.forEach((topic, operations) ->
                assertThat(reelay.allowed("topic", topic)).as("reelay on %s", topic).isEqualTo(operations));
        assertThat(reelay.allowed("topic", OTHER)).as("reelay on a topic not its own").isEmpty();
    }

    /** Kafka Streams creates, reads, writes and purges its internal topics, and checks their config. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void reelayRunsKafkaStreamsWithExactlyOnce(Path kustomization) {
        KafkaAcls reelay = Users.of(kustomization).acls("reelay");

        assertThat(INTERNAL_TOPICS).allSatisfy(topic -> assertThat(reelay.allowed("topic", topic)).as(topic)
                .isEqualTo(EnumSet.of(Create, Delete, Describe, DescribeConfigs, Read, Write)));
        assertThat(reelay.allowed("group", APPLICATION_ID)).isEqualTo(EnumSet.of(Describe, Read));
        assertThat(reelay.allowed("group", io.reelay.delivery.DeliveryWorker.GROUP))
                .isEqualTo(EnumSet.of(Describe, Read));
        assertThat(reelay.allowed("group", "another-group")).isEmpty();
        assertThat(reelay.allowed("transactionalId", TRANSACTIONAL_ID)).isEqualTo(EnumSet.of(Describe, Write));
        assertThat(reelay.allowed("transactionalId", "another-app-1")).isEmpty();
        // The idempotent Reactive Messaging producers; nothing else on the cluster (no topic creation at large).
        assertThat(reelay.allowed("cluster", "kafka-cluster")).isEqualTo(EnumSet.of(IdempotentWrite));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theProducerMayWriteRequestsAndCancellationsOnly(Path kustomization) {
        KafkaAcls producer = Users.of(kustomization).acls("reelay-producer");

        assertThat(producer.allowed("topic", Topics.REQUESTS)).isEqualTo(EnumSet.of(Describe, Write));
        assertThat(producer.allowed("topic", Topics.CANCELLATIONS)).isEqualTo(EnumSet.of(Describe, Write));
        assertThat(producer.allows("topic", Topics.TASKS, Write)).as("a forged intent would be paid for").isFalse();
        Stream.concat(Stream.of(Topics.TASKS, Topics.COMPLETED, Topics.FAILED, Topics.REQUESTS_DLQ, Topics.REROUTED,
                OTHER),
                INTERNAL_TOPICS.stream()).forEach(topic ->
                        assertThat(producer.allowed("topic", topic)).as("producer on %s", topic).isEmpty());
        assertThat(producer.allowed("group", APPLICATION_ID)).isEmpty();
        assertThat(producer.allowed("transactionalId", TRANSACTIONAL_ID)).isEmpty();
        assertThat(producer.allowed("cluster", "kafka-cluster")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theConsumerMayReadTheOutcomesInItsOwnGroupsOnly(Path kustomization) {
        KafkaAcls consumer = Users.of(kustomization).acls("reelay-consumer");

        for (String topic : List.of(Topics.COMPLETED, Topics.FAILED, Topics.REQUESTS_DLQ)) {
            assertThat(consumer.allowed("topic", topic)).as("consumer on %s", topic).isEqualTo(EnumSet.of(Describe,
                    Read));
        }
        Stream.concat(Stream.of(Topics.REQUESTS, Topics.CANCELLATIONS, Topics.TASKS, OTHER), INTERNAL_TOPICS.stream())
                .forEach(topic -> assertThat(consumer.allowed("topic", topic)).as("consumer on %s", topic).isEmpty());
        assertThat(consumer.allowed("group", "reelay-consumer-billing")).isEqualTo(EnumSet.of(Describe, Read));
        assertThat(consumer.allowed("group", APPLICATION_ID)).as("the tracker's group").isEmpty();
        assertThat(consumer.allowed("transactionalId", TRANSACTIONAL_ID)).isEmpty();
        assertThat(consumer.allowed("cluster", "kafka-cluster")).isEmpty();
    }

    /**
     * Whoever else is given a user later: an intent on video.tasks is paid for, and the tracker's changelogs, group and
     * transactions are its state. No rule of another user may reach any of them, whatever its pattern.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void onlyReelayWritesVideoTasksAndTouchesTheTrackersState(Path kustomization) {
        List<KafkaAcls> others = Users.of(kustomization).all().stream().filter(u -> !u.user().equals("reelay"))
                .toList();

        assertThat(others).isNotEmpty().allSatisfy(user -> {
            assertThat(user.allows("topic", Topics.TASKS, Write)).as("%s writes video.tasks", user.user()).isFalse();
            assertThat(user.reaching("topic", INTERNAL)).as("%s on the tracker's topics", user.user()).isEmpty();
            assertThat(user.reaching("group", APPLICATION_ID)).as("%s on the tracker's group", user.user()).isEmpty();
            assertThat(user.reaching("transactionalId", INTERNAL)).as("%s on the tracker's transactions", user.user())
                    .isEmpty();
        });
    }

    /** The model the tests above stand on: it must refuse and grant as the authorizer does, or they prove nothing. */
    @Test
    void theAclModelMatchesPatternsAndImpliesDescribeAsKafkaDoes() {
        KafkaAcls acls = KafkaAcls.of(Manifests.parse("""
                metadata: {name: u}
                spec:
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: a., patternType: prefix}
                        operations: [Read]
                      - resource: {type: topic, name: b, patternType: literal}
                        operations: [All]
                      - resource: {type: topic, name: b}
                        operations: [Write]
                        type: deny
                      - resource: {type: group, name: "*", patternType: literal}
                        operations: [AlterConfigs]
                """));

        assertThat(acls.allowed("topic", "a.x")).isEqualTo(EnumSet.of(Read, Describe));
        assertThat(acls.allowed("topic", "a")).isEmpty();
        assertThat(acls.allows("topic", "b", Operation.Alter)).isTrue();
        assertThat(acls.allows("topic", "b", Write)).as("deny wins").isFalse();
        assertThat(acls.allows("topic", "b", Describe)).as("a deny of Write denies no Describe").isTrue();
        assertThat(acls.allows("topic", "bb", Read)).isFalse();
        assertThat(acls.allowed("group", "any")).isEqualTo(EnumSet.of(Operation.AlterConfigs, DescribeConfigs));
        assertThat(acls.reaching("topic", "a.b")).hasSize(1);
        assertThat(acls.reaching("topic", "a")).hasSize(1);
        assertThat(acls.reaching("topic", "c")).isEmpty();
        assertThat(acls.reaching("group", "anything")).hasSize(1);
    }
}
