package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The real kustomize (built into kubectl) builds the base and every overlay, and produces what the tests' resolver
 * produces, so that every other manifest test checks what {@code kubectl apply -k} would apply. Skipped where kubectl
 * is not installed.
 */
class KubectlKustomizeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void kubectlBuildsWhatTheResolverBuilds(Path kustomization) throws Exception {
        Optional<Path> kubectl = kubectl();
        assumeTrue(kubectl.isPresent(),
                "kubectl is not installed: the manifests were built by the tests' resolver only");

        List<JsonNode> real = sorted(kustomize(kubectl.get(), kustomization));
        List<JsonNode> resolved = sorted(new ArrayList<>(Kustomize.build(kustomization)));

        assertThat(real).extracting(KubectlKustomizeTest::key)
                .containsExactlyElementsOf(resolved.stream().map(KubectlKustomizeTest::key).toList());
        for (int i = 0; i < real.size(); i++) {
            List<String> differences = new ArrayList<>();
            differences(real.get(i), resolved.get(i), "", differences);
            assertThat(differences).as("%s: where kubectl kustomize and the resolver differ", key(real.get(i)))
                    .isEmpty();
        }
    }

    /** The JSON pointers at which two trees differ, with both values: a readable failure, not two dumps. */
    private static void differences(JsonNode real, JsonNode resolved, String path, List<String> out) {
        if (real.isObject() && resolved.isObject()) {
            Set<String> names = new TreeSet<>();
            real.fieldNames().forEachRemaining(names::add);
            resolved.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(real.path(name), resolved.path(name), path + "/" + name, out);
            }
        } else if (real.isArray() && resolved.isArray() && real.size() == resolved.size()) {
            for (int i = 0; i < real.size(); i++) {
                differences(real.get(i), resolved.get(i), path + "/" + i, out);
            }
        } else if (!real.equals(resolved)) {
            out.add(path + ": kubectl " + real + ", resolver " + resolved);
        }
    }

    private static Optional<Path> kubectl() {
        return Stream.concat(Stream.of(Path.of("/usr/bin/kubectl"), Path.of("/usr/local/bin/kubectl")),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "kubectl")))
                .filter(Files::isExecutable).findFirst();
    }

    private static List<JsonNode> kustomize(Path kubectl, Path kustomization) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", kustomization, err).isZero();
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(out)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> sorted(List<? extends JsonNode> resources) {
        List<JsonNode> copy = new ArrayList<>(resources);
        copy.sort(Comparator.comparing(KubectlKustomizeTest::key));
        return copy;
    }

    private static String key(JsonNode resource) {
        return resource.path("apiVersion").asText() + " " + Manifests.id(resource);
    }
}
