package io.reelay.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a kustomization as {@code kubectl apply -k} would, for the features these manifests use, so that the manifest
 * tests run where no kubectl is installed (where it is, {@link KubectlKustomizeTest} checks that both build the same):
 * {@code resources} (files and directories), {@code patches}, then {@code namespace}, {@code labels} and
 * {@code images}.
 * <ul>
 * <li>Strategic merge patches: maps merge; on built-in kinds a list whose items all carry a {@code name} merges by name
 * (the merge key of containers, env and volumes), the patch's items first, and any other list is replaced; on custom
 * resources (Strimzi) every list is replaced, as kustomize does without their schema; a null value removes the
 * field.</li>
 * <li>JSON 6902 patches ({@code add}, {@code replace}, {@code remove}) on a {@code target} of group, version, kind and
 * name (a regular expression, as in kustomize). {@code replace} and {@code remove} of a missing path fail.</li>
 * <li>A patch that matches no resource fails, as in kustomize.</li>
 * </ul>
 * Not modelled, and refused if the manifests start using them (any other kustomization field fails the build): name
 * prefixes and suffixes, generators, replacements, components, label selectors in patch targets, {@code $patch}
 * directives, and the exact merge keys of other lists (ports, volumeMounts). So what the tests check is the result of
 * these rules, which match kustomize's for everything the manifests do today.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "labels", "resources",
            "patches", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    private Kustomize() {
    }

    /** The resources the kustomization in {@code dir} produces. */
    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve(Manifests.KUSTOMIZATION);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + Manifests.KUSTOMIZATION + " in " + dir);
        }
        JsonNode k = Manifests.read(file).get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(file + ": field '" + field + "' is not modelled by this resolver");
            }
        });

        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                Manifests.read(path).forEach(doc -> resources.add((ObjectNode) doc.deepCopy()));
            } else {
                throw new IllegalStateException(file + ": resource " + entry.asText() + " does not exist");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, file, patch, resources);
        }
        if (k.hasNonNull("namespace")) {
            String namespace = k.get("namespace").asText();
            resources.stream().filter(r -> !CLUSTER_SCOPED.contains(Manifests.kind(r)))
                    .forEach(r -> metadata(r).put("namespace", namespace));
        }
        for (JsonNode entry : k.path("labels")) {
            boolean selectors = entry.path("includeSelectors").asBoolean(false);
            boolean templates = selectors || entry.path("includeTemplates").asBoolean(false);
            Map<String, String> pairs = new LinkedHashMap<>();
            entry.path("pairs").fields().forEachRemaining(e -> pairs.put(e.getKey(), e.getValue().asText()));
            resources.forEach(r -> label(r, pairs, selectors, templates));
        }
        for (JsonNode image : k.path("images")) {
            resources.forEach(r -> setImage(r, image));
        }
        return resources;
    }

    /** The files a kustomization names: resources that are files, and patch files. */
    static List<Path> referencedFiles(Path dir) {
        JsonNode k = Manifests.read(dir.resolve(Manifests.KUSTOMIZATION)).get(0);
        List<Path> files = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            files.add(Files.isDirectory(path) ? path.resolve(Manifests.KUSTOMIZATION) : path);
        }
        for (JsonNode patch : k.path("patches")) {
            if (patch.hasNonNull("path")) {
                files.add(dir.resolve(patch.get("path").asText()).normalize());
            }
        }
        return files;
    }

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> resources) {
        JsonNode content;
        if (entry.hasNonNull("path")) {
            List<JsonNode> docs = Manifests.read(dir.resolve(entry.get("path").asText()));
            if (docs.size() != 1) {
                throw new IllegalStateException(file + ": patch " + entry.get("path").asText()
                        + " must hold one document");
            }
            content = docs.get(0);
        } else if (entry.hasNonNull("patch")) {
            content = Manifests.parse(entry.get("patch").asText());
        } else {
            throw new IllegalStateException(file + ": a patch needs a path or a patch");
        }
        JsonNode target = entry.path("target");
        if (target.has("labelSelector") || target.has("annotationSelector")) {
            throw new IllegalStateException(file + ": selectors in patch targets are not modelled");
        }
        List<ObjectNode> matched;
        if (content.isArray()) {
            if (target.isMissingNode()) {
                throw new IllegalStateException(file + ": a JSON 6902 patch needs a target");
            }
            matched = resources.stream().filter(r -> matches(r, target)).toList();
            requireMatch(file, entry, matched);
            matched.forEach(r -> jsonPatch(r, (ArrayNode) content));
        } else {
            JsonNode by = target.isMissingNode() ? selfTarget(content) : target;
            matched = resources.stream().filter(r -> matches(r, by)).toList();
            requireMatch(file, entry, matched);
            matched.forEach(r -> merge(r, content, !Manifests.group(r).contains(".")
                    || Manifests.group(r).endsWith(".k8s.io")));
        }
    }

    private static void requireMatch(Path file, JsonNode entry, List<ObjectNode> matched) {
        if (matched.isEmpty()) {
            throw new IllegalStateException(file + ": patch " + entry + " matches no resource");
        }
    }

    /** A strategic merge patch without a target applies to the resource of its own apiVersion, kind and name. */
    private static JsonNode selfTarget(JsonNode patch) {
        ObjectNode target = JsonNodeFactory.instance.objectNode();
        target.put("group", Manifests.group(patch));
        target.put("kind", Manifests.kind(patch));
        target.put("name", Pattern.quote(Manifests.name(patch)));
        return target;
    }

    static boolean matches(JsonNode resource, JsonNode target) {
        String apiVersion = resource.path("apiVersion").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("group") || target.get("group").asText().equals(Manifests.group(resource)))
                && (!target.has("version") || target.get("version").asText().equals(version))
                && (!target.has("kind") || target.get("kind").asText().equals(Manifests.kind(resource)))
                && (!target.has("name") || Pattern.matches(target.get("name").asText(), Manifests.name(resource)));
    }

    /** Strategic merge (the subset described in the class comment). */
    static void merge(ObjectNode target, JsonNode patch, boolean builtIn) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode current = target.get(key);
            if (key.startsWith("$")) {
                throw new IllegalStateException("patch directive " + key + " is not modelled");
            } else if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value, builtIn);
            } else if (builtIn && value.isArray() && current != null && current.isArray() && named(value)
                    && named(current)) {
                mergeByName((ArrayNode) current, (ArrayNode) value, builtIn);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static boolean named(JsonNode list) {
        if (list.isEmpty()) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.hasNonNull("name")) {
                return false;
            }
        }
        return true;
    }

    /**
     * As kustomize (kyaml) orders a merged list: the patch's items first, in its order (merged into the existing item
     * of the same name, if any), then the existing items the patch does not name.
     */
    private static void mergeByName(ArrayNode current, ArrayNode patch, boolean builtIn) {
        List<JsonNode> merged = new ArrayList<>();
        Set<String> patched = new java.util.HashSet<>();
        for (JsonNode item : patch) {
            String name = item.get("name").asText();
            patched.add(name);
            ObjectNode existing = null;
            for (JsonNode c : current) {
                if (c.get("name").asText().equals(name)) {
                    existing = (ObjectNode) c;
                }
            }
            if (existing == null) {
                merged.add(item.deepCopy());
            } else {
                merge(existing, item, builtIn);
                merged.add(existing);
            }
        }
        current.forEach(c -> {
            if (!patched.contains(c.get("name").asText())) {
                merged.add(c);
            }
        });
        current.removeAll();
        current.addAll(merged);
    }

    /** JSON 6902: add, replace, remove. */
    static void jsonPatch(ObjectNode resource, ArrayNode operations) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            List<String> path = pointer(operation.path("path").asText());
            JsonNode parent = resource;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token);
                if (parent == null) {
                    throw new IllegalStateException(op + " " + operation.get("path").asText() + ": no such path in "
                            + Manifests.id(resource));
                }
            }
            String last = path.get(path.size() - 1);
            boolean exists = child(parent, last) != null;
            switch (op) {
                case "add" -> set(parent, last, operation.get("value"), true);
                case "replace", "remove" -> {
                    if (!exists) {
                        throw new IllegalStateException(op + " " + operation.get("path").asText() + ": no such path in "
                                + Manifests.id(resource));
                    }
                    if (op.equals("replace")) {
                        set(parent, last, operation.get("value"), false);
                    } else if (parent.isObject()) {
                        ((ObjectNode) parent).remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                }
                default -> throw new IllegalStateException("JSON patch operation " + op + " is not modelled");
            }
        }
    }

    private static List<String> pointer(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalStateException("not a JSON pointer: " + path);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray() && token.matches("\\d+") && Integer.parseInt(token) < node.size()) {
            return node.get(Integer.parseInt(token));
        }
        return null;
    }

    private static void set(JsonNode parent, String token, JsonNode value, boolean insert) {
        if (parent.isObject()) {
            ((ObjectNode) parent).set(token, value.deepCopy());
        } else if (token.equals("-")) {
            ((ArrayNode) parent).add(value.deepCopy());
        } else if (insert) {
            ((ArrayNode) parent).insert(Integer.parseInt(token), value.deepCopy());
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(token), value.deepCopy());
        }
    }

    /** kustomize's label field specs, for the kinds these manifests use. */
    private static void label(ObjectNode resource, Map<String, String> pairs, boolean selectors, boolean templates) {
        putAll(metadata(resource).withObjectProperty("labels"), pairs);
        ObjectNode spec = resource.has("spec") ? (ObjectNode) resource.get("spec") : null;
        switch (Manifests.kind(resource)) {
            case "Service" -> {
                if (selectors && spec != null) {
                    putAll(spec.withObjectProperty("selector"), pairs);
                }
            }
            case "StatefulSet", "Deployment" -> {
                if (selectors) {
                    putAll(spec.withObjectProperty("selector").withObjectProperty("matchLabels"), pairs);
                }
                if (selectors) {
                    // As kustomize: added to the matchLabels a spread constraint already has (create: false).
                    spec.path("template").path("spec").path("topologySpreadConstraints")
                            .forEach(c -> addToMatchLabels(c.path("labelSelector"), pairs));
                }
                if (templates) {
                    ObjectNode template = spec.withObjectProperty("template").withObjectProperty("metadata");
                    putAll(template.withObjectProperty("labels"), pairs);
                    for (JsonNode claim : spec.path("volumeClaimTemplates")) {
                        putAll(((ObjectNode) claim).withObjectProperty("metadata").withObjectProperty("labels"), pairs);
                    }
                }
            }
            case "NetworkPolicy" -> {
                // kustomize adds to the matchLabels that exist (create: false): the policy's own podSelector and the
                // podSelectors of its peers. A peer selected by matchExpressions alone keeps its selector.
                if (selectors && spec != null) {
                    addToMatchLabels(spec.path("podSelector"), pairs);
                    spec.path("ingress").forEach(rule -> rule.path("from")
                            .forEach(peer -> addToMatchLabels(peer.path("podSelector"), pairs)));
                    spec.path("egress").forEach(rule -> rule.path("to")
                            .forEach(peer -> addToMatchLabels(peer.path("podSelector"), pairs)));
                }
            }
            case "PodDisruptionBudget" -> {
                // kustomize only adds to an existing selector here (create: false).
                if (selectors && spec != null && spec.path("selector").has("matchLabels")) {
                    putAll((ObjectNode) spec.get("selector").get("matchLabels"), pairs);
                }
            }
            default -> {
            }
        }
    }

    private static void addToMatchLabels(JsonNode selector, Map<String, String> pairs) {
        if (selector.path("matchLabels").isObject()) {
            putAll((ObjectNode) selector.get("matchLabels"), pairs);
        }
    }

    private static void setImage(ObjectNode resource, JsonNode image) {
        for (JsonNode container : resource.path("spec").path("template").path("spec").path("containers")) {
            String current = container.path("image").asText();
            int colon = current.lastIndexOf(':');
            int tagAt = colon > current.lastIndexOf('/') ? colon : current.length();
            String name = current.substring(0, tagAt);
            String tag = current.substring(tagAt);
            if (name.equals(image.path("name").asText())) {
                String newName = image.path("newName").asText(name);
                String newTag = image.hasNonNull("newTag") ? ":" + image.get("newTag").asText() : tag;
                ((ObjectNode) container).put("image", newName + newTag);
            }
        }
    }

    private static ObjectNode metadata(ObjectNode resource) {
        return resource.withObjectProperty("metadata");
    }

    private static void putAll(ObjectNode node, Map<String, String> pairs) {
        pairs.forEach(node::put);
    }
}
