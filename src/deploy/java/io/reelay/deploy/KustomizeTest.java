package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The resolver the manifest tests stand on: what it applies, and that it refuses what it cannot. */
class KustomizeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void aBase() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: ns
                labels:
                  - pairs: {app.kubernetes.io/name: x}
                    includeSelectors: true
                resources: [app.yaml, topic.yaml]
                """);
        write("base/app.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: app}
                spec:
                  selector: {matchLabels: {c: a}}
                  template:
                    metadata: {labels: {c: a}}
                    spec:
                      containers:
                        - name: main
                          image: group/app:1
                          env: [{name: A, value: "1"}, {name: B, value: "2"}]
                        - name: side
                          image: other:1
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: app}
                spec:
                  selector: {c: a}
                """);
        write("base/topic.yaml", """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec:
                  replicas: 3
                  list: [{name: a}, {name: b}]
                """);
    }

    @Test
    void anOverlayPatchesMergesByNameLabelsSelectorsAndSetsImages() throws IOException {
        overlay("""
                images: [{name: group/app, newName: registry/group/app, newTag: "2"}]
                patches:
                  - path: app.yaml
                  - path: topic.yaml
                    target: {group: kafka.strimzi.io, kind: KafkaTopic}
                """);
        write("overlay/app.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - name: main
                          env: [{name: B, value: "3"}, {name: C, value: "4"}]
                """);
        write("overlay/topic.yaml", """
                - {op: replace, path: /spec/replicas, value: 1}
                - {op: add, path: /spec/config, value: {retention.ms: 1}}
                """);

        List<ObjectNode> built = Kustomize.build(dir.resolve("overlay"));
        ObjectNode app = Manifests.only(built, "StatefulSet");
        ObjectNode topic = Manifests.only(built, "KafkaTopic");

        // kustomize's order: the patch's entries first, then the others (checked against kubectl kustomize).
        assertThat(app.at("/spec/template/spec/containers/0/env").findValuesAsText("value"))
                .containsExactly("3", "4", "1");
        assertThat(app.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("side");
        assertThat(app.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry/group/app:2");
        assertThat(app.at("/spec/selector/matchLabels").toString())
                .isEqualTo("{\"c\":\"a\",\"app.kubernetes.io/name\":\"x\"}");
        assertThat(app.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("x");
        assertThat(Manifests.only(built, "Service").at("/spec/selector/app.kubernetes.io~1name").asText())
                .isEqualTo("x");
        assertThat(app.at("/metadata/namespace").asText()).isEqualTo("ns");
        assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(topic.at("/spec/config/retention.ms").asInt()).isEqualTo(1);
        assertThat(topic.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("x");
    }

    /** Custom resources have no merge keys for kustomize: a list in a patch replaces the list. */
    @Test
    void aStrategicMergeOfACustomResourceReplacesLists() throws IOException {
        overlay("patches: [{path: topic.yaml}]");
        write("overlay/topic.yaml", """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec:
                  list: [{name: c}]
                """);

        ObjectNode topic = Manifests.only(Kustomize.build(dir.resolve("overlay")), "KafkaTopic");

        assertThat(topic.at("/spec/list").findValuesAsText("name")).containsExactly("c");
    }

    /** As kustomize: matchLabels that exist get the labels, matchExpressions and empty selectors stay as they are. */
    @Test
    void aNetworkPolicysMatchLabelsGetTheLabelsOthersStay() throws IOException {
        write("np/kustomization.yaml", """
                labels:
                  - pairs: {app.kubernetes.io/name: x}
                    includeSelectors: true
                resources: [np.yaml]
                """);
        write("np/np.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: np}
                spec:
                  podSelector: {matchLabels: {c: a}}
                  ingress:
                    - from: [{podSelector: {}}, {podSelector: {matchLabels: {c: a}}}]
                  egress:
                    - to: [{podSelector: {matchExpressions: [{key: k, operator: Exists}]}}]
                """);

        ObjectNode np = Manifests.only(Kustomize.build(dir.resolve("np")), "NetworkPolicy");

        assertThat(np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("x");
        assertThat(np.at("/spec/ingress/0/from/0/podSelector").toString()).isEqualTo("{}");
        assertThat(np.at("/spec/ingress/0/from/1/podSelector/matchLabels/app.kubernetes.io~1name").asText())
                .isEqualTo("x");
        assertThat(np.at("/spec/egress/0/to/0/podSelector").has("matchLabels")).isFalse();
    }

    @Test
    void aPatchThatMatchesNothingFails() throws IOException {
        overlay("patches: [{path: missing.yaml}]");
        write("overlay/missing.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: other}
                spec: {}
                """);

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("matches no resource");
    }

    @Test
    void replacingAPathThatDoesNotExistFails() throws IOException {
        overlay("patches: [{path: p.yaml, target: {kind: KafkaTopic}}]");
        write("overlay/p.yaml", "- {op: replace, path: /spec/config/min.insync.replicas, value: 1}\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("no such path");
    }

    @Test
    void aFieldTheResolverDoesNotModelFails() throws IOException {
        overlay("namePrefix: dev-");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("namePrefix");
    }

    @Test
    void aMissingResourceFails() throws IOException {
        write("overlay/kustomization.yaml", "resources: [../base, gone.yaml]\n");

        assertThatThrownBy(() -> Kustomize.build(dir.resolve("overlay"))).hasMessageContaining("gone.yaml");
    }

    private void overlay(String body) throws IOException {
        write("overlay/kustomization.yaml", "resources: [../base]\n" + body + "\n");
    }

    private void write(String file, String content) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
