package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The files under k8s/ hold together: valid YAML of known kinds, every file in a kustomization and every
 * kustomization's files on disk, patches that patch something, overlays that build, and one label scheme whose
 * selectors find Reelay's pods.
 */
class KustomizationTest {

    /** kind -> apiVersion of every kind the manifests may use. */
    static final Map<String, String> KNOWN_KINDS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("Kafka", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaNodePool", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"),
            Map.entry("KafkaUser", "kafka.strimzi.io/v1beta2"),
            Map.entry("Kustomization", "kustomize.config.k8s.io/v1beta1"));

    static final String NAME = "app.kubernetes.io/name";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String COMPONENT = "app.kubernetes.io/component";

    static Stream<Path> overlays() {
        return Manifests.overlays().stream();
    }

    static Stream<Path> deployable() {
        return Stream.concat(Stream.of(Manifests.BASE), overlays());
    }

    @Test
    void thereAreADevAndAProdOverlay() {
        assertThat(Manifests.overlays()).extracting(p -> p.getFileName().toString()).contains("dev", "prod");
    }

    @Test
    void everyYamlFileParses() {
        assertThat(Manifests.yamlFiles()).isNotEmpty().allSatisfy(file ->
                assertThatCode(() -> Manifests.read(file)).as("%s", file).doesNotThrowAnyException());
    }

    /** Resources and strategic merge patches (JSON 6902 patches are lists of operations, without a kind). */
    @Test
    void everyDocumentHasAKnownKindAtItsApiVersion() {
        for (Path file : Manifests.yamlFiles()) {
            for (JsonNode doc : Manifests.read(file)) {
                if (doc.isArray()) {
                    assertThat(doc).as("%s: JSON 6902 operations", file)
                            .allSatisfy(op -> assertThat(op.path("op").asText()).isIn("add", "replace", "remove"));
                    continue;
                }
                String kind = Manifests.kind(doc);
                assertThat(KNOWN_KINDS).as("%s: kind", file).containsKey(kind);
                assertThat(doc.path("apiVersion").asText()).as("%s: apiVersion of %s", file, kind)
                        .isEqualTo(KNOWN_KINDS.get(kind));
                if (!kind.equals("Kustomization")) {
                    assertThat(Manifests.name(doc)).as("%s: metadata.name", file).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        for (Path dir : Manifests.kustomizationDirs()) {
            assertThat(Kustomize.referencedFiles(dir)).as("files named by %s", dir).allSatisfy(f ->
                    assertThat(f).as("named by %s/kustomization.yaml", dir).isRegularFile());
        }
    }

    @Test
    void everyYamlFileIsNamedByAKustomization() {
        Set<Path> referenced = new HashSet<>();
        Manifests.kustomizationDirs().forEach(dir -> referenced.addAll(Kustomize.referencedFiles(dir)));
        // The top kustomizations (base, overlays) are what kubectl apply -k reads; the others are named as directories.
        Manifests.kustomizationDirs().forEach(dir -> referenced.add(dir.resolve(Manifests.KUSTOMIZATION)));

        assertThat(Manifests.yamlFiles()).allSatisfy(file ->
                assertThat(referenced).as("%s is not in any kustomization (resources or patches)", file)
                        .contains(file.normalize()));
    }

    @Test
    void everyOverlayBuildsOnTheBase() {
        for (Path overlay : Manifests.overlays()) {
            JsonNode kustomization = Manifests.read(overlay.resolve(Manifests.KUSTOMIZATION)).get(0);
            assertThat(kustomization.path("resources")).as("%s resources", overlay).hasSize(1);
            assertThat(overlay.resolve(kustomization.path("resources").get(0).asText()).normalize())
                    .as("%s builds on", overlay).isEqualTo(Manifests.BASE.normalize());
        }
    }

    /** The resolver fails on a patch that matches nothing; this names the patch and its target. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPatchTargetsAResourceOfTheBase(Path overlay) {
        List<ObjectNode> base = Kustomize.build(Manifests.BASE);
        JsonNode kustomization = Manifests.read(overlay.resolve(Manifests.KUSTOMIZATION)).get(0);
        for (JsonNode patch : kustomization.path("patches")) {
            JsonNode target = patch.path("target");
            if (target.isMissingNode()) {
                JsonNode smp = Manifests.read(overlay.resolve(patch.path("path").asText())).get(0);
                assertThat(base).as("%s: %s patches %s", overlay, patch.path("path").asText(), Manifests.id(smp))
                        .anySatisfy(r -> {
                            assertThat(Manifests.id(r)).isEqualTo(Manifests.id(smp));
                            assertThat(r.path("apiVersion")).isEqualTo(smp.path("apiVersion"));
                        });
            } else {
                assertThat(base).as("%s: %s targets %s", overlay, patch.path("path").asText(), target)
                        .anyMatch(r -> Kustomize.matches(r, target));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void buildsWithoutDuplicates(Path kustomization) {
        List<ObjectNode> resources = Kustomize.build(kustomization);

        assertThat(resources).extracting(Manifests::id).doesNotHaveDuplicates();
        assertThat(resources).extracting(Manifests::kind).contains("StatefulSet", "Service", "ConfigMap",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Kafka", "KafkaNodePool",
                "KafkaTopic", "KafkaUser");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyResourceCarriesTheLabelSchemeAndLivesInTheNamespace(Path kustomization) {
        for (ObjectNode resource : Kustomize.build(kustomization)) {
            JsonNode labels = resource.path("metadata").path("labels");
            assertThat(labels.path(NAME).asText()).as("%s %s", Manifests.id(resource), NAME).isEqualTo("reelay");
            assertThat(labels.path(PART_OF).asText()).as("%s %s", Manifests.id(resource), PART_OF).isEqualTo("reelay");
            if (!Manifests.kind(resource).equals("Namespace")) {
                assertThat(labels.path(COMPONENT).asText()).as("%s %s", Manifests.id(resource), COMPONENT)
                        .isIn("orchestrator", "kafka");
                assertThat(resource.at("/metadata/namespace").asText()).as("%s namespace", Manifests.id(resource))
                        .isEqualTo("reelay");
            }
        }
    }

    /** Every selector of Reelay's pods carries the whole scheme and matches the pod template. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void selectorsFindReelaysPodsAndNothingElse(Path kustomization) {
        List<ObjectNode> resources = Kustomize.build(kustomization);
        ObjectNode statefulSet = Manifests.only(resources, "StatefulSet", "reelay");
        Map<String, String> pod = map(statefulSet.path("spec").path("template").path("metadata").path("labels"));
        Map<String, String> scheme = Map.of(NAME, "reelay", PART_OF, "reelay", COMPONENT, "orchestrator");

        Map<String, JsonNode> selectors = new HashMap<>();
        selectors.put("StatefulSet selector", statefulSet.path("spec").path("selector").path("matchLabels"));
        Manifests.all(resources, "Service").forEach(s -> selectors.put(Manifests.id(s), s.at("/spec/selector")));
        Manifests.all(resources, "PodDisruptionBudget")
                .forEach(p -> selectors.put(Manifests.id(p), p.path("spec").path("selector").path("matchLabels")));
        Manifests.all(resources, "NetworkPolicy")
                .forEach(p -> selectors.put(Manifests.id(p), p.at("/spec/podSelector/matchLabels")));
        for (JsonNode spread : statefulSet.at("/spec/template/spec/topologySpreadConstraints")) {
            selectors.put("topologySpreadConstraint", spread.path("labelSelector").path("matchLabels"));
        }

        assertThat(pod).containsAllEntriesOf(scheme);
        selectors.forEach((what, selector) -> {
            assertThat(map(selector)).as("%s", what).isNotEmpty();
            assertThat(pod).as("%s matches the pod template", what).containsAllEntriesOf(map(selector));
        });
        // Those that Kubernetes uses to route and count pods carry the whole scheme, so never match another app's pods.
        selectors.entrySet().stream().filter(e -> !e.getKey().equals("topologySpreadConstraint"))
                .forEach(e -> assertThat(map(e.getValue())).as("%s", e.getKey()).containsAllEntriesOf(scheme));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theAutoscalerScalesTheStatefulSetWhichNamesNoReplicasItself(Path kustomization) {
        List<ObjectNode> resources = Kustomize.build(kustomization);
        JsonNode target = Manifests.only(resources, "HorizontalPodAutoscaler").path("spec").path("scaleTargetRef");
        ObjectNode statefulSet = Manifests.only(resources, "StatefulSet", "reelay");

        assertThat(target.path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(target.path("apiVersion").asText()).isEqualTo(statefulSet.path("apiVersion").asText());
        assertThat(target.path("name").asText()).isEqualTo("reelay");
        assertThat(statefulSet.path("spec").has("replicas"))
                .as("spec.replicas beside an autoscaler is reset on every kubectl apply").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theStatefulSetsServiceIsHeadlessAndPublishesPodsBeforeTheyAreReady(Path kustomization) {
        List<ObjectNode> resources = Kustomize.build(kustomization);
        String serviceName = Manifests.only(resources, "StatefulSet", "reelay").at("/spec/serviceName").asText();
        JsonNode headless = Manifests.only(resources, "Service", serviceName).path("spec");

        assertThat(headless.path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("publishNotReadyAddresses").asBoolean()).isTrue();
        // And a load-balanced Service for clients.
        assertThat(Manifests.all(resources, "Service")).anySatisfy(s ->
                assertThat(s.path("spec").path("clusterIP").asText("")).isNotEqualTo("None"));
    }

    static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
