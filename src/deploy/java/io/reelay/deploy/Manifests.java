package io.reelay.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The files under k8s/, read from the working tree (the project directory, under Maven), and their resources. */
final class Manifests {

    static final Path ROOT = Path.of("k8s");
    static final Path BASE = ROOT.resolve("base");
    static final String KUSTOMIZATION = "kustomization.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** Every YAML file under k8s/, sorted. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directories that hold a kustomization.yaml, sorted. */
    static List<Path> kustomizationDirs() {
        return yamlFiles().stream()
                .filter(f -> f.getFileName().toString().equals(KUSTOMIZATION))
                .map(Path::getParent)
                .toList();
    }

    /** The overlays (k8s/overlays/*), each deployable. Found on disk, so that a new overlay is tested too. */
    static List<Path> overlays() {
        return kustomizationDirs().stream().filter(d -> d.startsWith(ROOT.resolve("overlays"))).toList();
    }

    /**
     * Every YAML document of a file, in order (empty documents left out); a document that is a list (JSON 6902
     * operations) stays one list. Throws if the file is not valid YAML.
     */
    static List<JsonNode> read(Path file) {
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> result = new ArrayList<>();
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A YAML document given as text (inline patches). */
    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kind(JsonNode resource) {
        return resource.path("kind").asText();
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** The API group of a resource: the part of apiVersion before the slash, "" for the core group (v1). */
    static String group(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    static String id(JsonNode resource) {
        return kind(resource) + "/" + name(resource);
    }

    /** The single resource of a kind (and name, when given) among built resources. */
    static ObjectNode only(List<ObjectNode> resources, String kind, String name) {
        List<ObjectNode> found = resources.stream()
                .filter(r -> kind(r).equals(kind) && (name == null || name(r).equals(name)))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + (name == null ? "" : "/" + name) + ", found "
                    + found.size());
        }
        return found.get(0);
    }

    static ObjectNode only(List<ObjectNode> resources, String kind) {
        return only(resources, kind, null);
    }

    static List<ObjectNode> all(List<ObjectNode> resources, String kind) {
        return resources.stream().filter(r -> kind(r).equals(kind)).toList();
    }

    /** The container of the pod template of a workload by name. */
    static Optional<JsonNode> container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
