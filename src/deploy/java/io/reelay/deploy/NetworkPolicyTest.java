package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The NetworkPolicy of each overlay as the pods live it: Reelay's pods take HTTP on their HTTP port only, and reach the
 * Kafka brokers' authenticated listener, DNS, each other's HTTP port and HTTPS outside the cluster, nothing else.
 */
class NetworkPolicyTest {

    private static final int DNS = 53;
    private static final int HTTPS = 443;

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    /** One overlay: the policy, and the labels of the pods it is about. */
    record Built(List<ObjectNode> resources) {

        static Built of(Path kustomization) {
            return new Built(Kustomize.build(kustomization));
        }

        ReelayWorkloadTest.Built reelay() {
            return new ReelayWorkloadTest.Built(resources);
        }

        Map<String, String> reelayPod() {
            return KustomizationTest.map(reelay().statefulSet().at("/spec/template/metadata/labels"));
        }

        /**
         * The labels Strimzi gives a broker pod: its own, and of the Kafka resource's labels only part-of (its default
         * label exclusion pattern).
         */
        Map<String, String> brokerPod() {
            ObjectNode kafka = Manifests.only(resources, "Kafka");
            ObjectNode pool = Manifests.all(resources, "KafkaNodePool").stream()
                    .filter(p -> KafkaTopicsTest.Cluster.rolesOf(p).contains("broker")).findFirst().orElseThrow();
            Map<String, String> labels = new HashMap<>();
            labels.put(KustomizationTest.PART_OF,
                    kafka.at("/metadata/labels").path(KustomizationTest.PART_OF).asText());
            labels.put("strimzi.io/cluster", Manifests.name(kafka));
            labels.put("strimzi.io/kind", "Kafka");
            labels.put("strimzi.io/name", Manifests.name(kafka) + "-kafka");
            labels.put("strimzi.io/pool-name", Manifests.name(pool));
            labels.put("strimzi.io/broker-role", "true");
            labels.put("strimzi.io/controller-role",
                    String.valueOf(KafkaTopicsTest.Cluster.rolesOf(pool).contains("controller")));
            return labels;
        }

        int kafkaListenerPort() {
            return Manifests.only(resources, "Kafka").at("/spec/kafka/listeners/0/port").asInt();
        }

        ObjectNode policy() {
            List<ObjectNode> policies = Manifests.all(resources, "NetworkPolicy").stream()
                    .filter(p -> LabelSelectors.selects(p.at("/spec/podSelector"), reelayPod())).toList();
            assertThat(policies).as("NetworkPolicies selecting Reelay's pods").hasSize(1);
            return policies.get(0);
        }

        /** A rule's ports as numbers (named ports are Reelay's container ports: the only named port here). */
        List<String> ports(JsonNode rule) {
            List<String> ports = new ArrayList<>();
            for (JsonNode port : rule.path("ports")) {
                int number = port.path("port").isInt() ? port.path("port").asInt()
                        : ReelayWorkloadTest.containerPort(reelay().container(), port.path("port"));
                ports.add(port.path("protocol").asText("TCP") + "/" + number);
            }
            return ports;
        }

        boolean anyPeerSelects(JsonNode rule, String direction, Map<String, String> pod) {
            for (JsonNode peer : rule.path(direction)) {
                if (peer.has("podSelector") && !peer.has("namespaceSelector")
                        && LabelSelectors.selects(peer.get("podSelector"), pod)) {
                    return true;
                }
            }
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void onePolicySelectsReelaysPodsByTheLabelSchemeForBothDirections(Path kustomization) {
        Built built = Built.of(kustomization);
        ObjectNode policy = built.policy();

        assertThat(KustomizationTest.map(policy.at("/spec/podSelector/matchLabels"))).containsAllEntriesOf(Map.of(
                KustomizationTest.NAME, "reelay", KustomizationTest.PART_OF, "reelay",
                KustomizationTest.COMPONENT, "orchestrator"));
        assertThat(LabelSelectors.selects(policy.at("/spec/podSelector"), built.brokerPod())).isFalse();
        assertThat(texts(policy.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void reelayTakesHttpOnItsHttpPortFromTheNamespaceTheIngressAndEachOther(Path kustomization) {
        Built built = Built.of(kustomization);
        JsonNode ingress = built.policy().at("/spec/ingress");
        String http = "TCP/" + ServedPaths.httpPort();

        assertThat(ingress).isNotEmpty().allSatisfy(rule ->
                assertThat(built.ports(rule)).as("ports of %s", rule).isNotEmpty().containsOnly(http));
        assertThat(ingress).as("from every pod of the namespace").anySatisfy(rule ->
                assertThat(rule.path("from")).anySatisfy(peer -> {
                    assertThat(peer.has("namespaceSelector")).isFalse();
                    assertThat(peer.path("podSelector").isObject()).isTrue();
                    assertThat(LabelSelectors.selects(peer.get("podSelector"), Map.of("app", "anything"))).isTrue();
                }));
        assertThat(ingress).as("from the other instances (forwarding)").anyMatch(rule ->
                built.anyPeerSelects(rule, "from", built.reelayPod()));
        assertThat(ingress).as("from an ingress controller's namespace").anySatisfy(rule ->
                assertThat(rule.path("from")).anySatisfy(peer ->
                        assertThat(peer.path("namespaceSelector").isObject()).isTrue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void reelayReachesTheBrokersAuthenticatedListenerDnsItsPeersAndHttpsOnly(Path kustomization) {
        Built built = Built.of(kustomization);
        JsonNode egress = built.policy().at("/spec/egress");
        String kafka = "TCP/" + built.kafkaListenerPort();
        String http = "TCP/" + ServedPaths.httpPort();

        // No rule opens every port or every destination.
        assertThat(egress).isNotEmpty().allSatisfy(rule -> {
            assertThat(built.ports(rule)).as("ports of %s", rule).isNotEmpty()
                    .isSubsetOf(kafka, http, "UDP/" + DNS, "TCP/" + DNS, "TCP/" + HTTPS);
            assertThat(rule.path("to")).as("destinations of %s", rule).isNotEmpty();
        });
        assertThat(built.reelay().value("KAFKA_BOOTSTRAP_SERVERS").orElseThrow()).endsWith(":" +
                built.kafkaListenerPort());
        for (JsonNode rule : egress) {
            List<String> ports = built.ports(rule);
            if (ports.contains(kafka)) {
                assertThat(built.anyPeerSelects(rule, "to", built.brokerPod())).as("Kafka rule reaches brokers")
                        .isTrue();
                assertThat(built.anyPeerSelects(rule, "to", built.reelayPod())).isFalse();
            }
            if (ports.contains("TCP/" + HTTPS)) {
                assertThat(rule.path("to")).as("HTTPS by address, outside the cluster").allSatisfy(peer -> {
                    assertThat(peer.has("ipBlock")).isTrue();
                    assertThat(peer.has("podSelector") || peer.has("namespaceSelector")).isFalse();
                });
            }
            if (ports.contains(http)) {
                assertThat(rule.path("to")).as("HTTP to the other instances only").allSatisfy(peer ->
                        assertThat(LabelSelectors.selects(peer.path("podSelector"), built.brokerPod())).isFalse());
                assertThat(built.anyPeerSelects(rule, "to", built.reelayPod())).isTrue();
            }
        }
        assertThat(egress).as("the brokers").anyMatch(rule -> built.ports(rule).contains(kafka));
        assertThat(egress).as("DNS").anyMatch(rule ->
                built.ports(rule).containsAll(List.of("UDP/" + DNS, "TCP/" + DNS)));
        assertThat(egress).as("HTTPS").anyMatch(rule -> built.ports(rule).contains("TCP/" + HTTPS));
    }

    /** HTTPS goes outside the cluster: the cloud's metadata service and private ranges are left out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void httpsLeavesOutPrivateAndLinkLocalAddresses(Path kustomization) {
        Built built = Built.of(kustomization);
        Set<String> excepted = new java.util.HashSet<>();
        for (JsonNode rule : built.policy().at("/spec/egress")) {
            if (built.ports(rule).contains("TCP/" + HTTPS)) {
                rule.path("to").forEach(peer -> excepted.addAll(texts(peer.at("/ipBlock/except"))));
            }
        }

        assertThat(excepted).contains("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "fe80::/10", "fc00::/7");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
