package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.reelay.kafka.InternalKey;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * What can be checked of docker-compose.yml without Docker: pinned images, health checks and resource limits on
 * every service, dependencies that exist, and a Reelay container configured with keys the service actually reads.
 */
class ComposeFileTest {

    /** Read by the JVM itself, not by the service's configuration. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static JsonNode services;

    @BeforeAll
    static void load() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile())
                .path("services");
        assertThat(services.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        services.fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            assertThat(tag).as("tag of %s (%s)", service.getKey(), image).isNotEmpty().isNotEqualTo("latest")
                    .containsPattern("\\d+\\.\\d+");
        });
    }

    @Test
    void everyServiceHasAHealthCheckAndResourceLimits() {
        services.fields().forEachRemaining(service -> {
            JsonNode definition = service.getValue();
            assertThat(definition.at("/healthcheck/test").isArray()).as("%s healthcheck", service.getKey()).isTrue();
            JsonNode limits = definition.at("/deploy/resources/limits");
            assertThat(limits.path("cpus").asText()).as("%s cpu limit", service.getKey()).isNotEmpty();
            assertThat(limits.path("memory").asText()).as("%s memory limit", service.getKey()).isNotEmpty();
        });
    }

    @Test
    void everyDependencyIsAServiceWaitedForUntilHealthy() {
        services.fields().forEachRemaining(service -> service.getValue().path("depends_on").fields()
                .forEachRemaining(dependency -> {
                    assertThat(services.has(dependency.getKey())).as("%s depends on %s", service.getKey(),
                            dependency.getKey()).isTrue();
                    assertThat(dependency.getValue().path("condition").asText()).isEqualTo("service_healthy");
                }));
        assertThat(fieldNames(services.at("/reelay/depends_on"))).containsExactlyInAnyOrder("kafka", "registry",
                "simulator", "storage");
    }

    @Test
    void reelaysEnvironmentVariablesAreConfigurationKeysOfTheService() throws Exception {
        Set<String> keys = configurationKeys();
        for (String variable : fieldNames(services.at("/reelay/environment"))) {
            if (JVM_VARIABLES.contains(variable)) {
                continue;
            }
            assertThat(keys.stream().anyMatch(key -> matches(variable, key)))
                    .as("%s names a configuration key of the service", variable).isTrue();
        }
    }

    @Test
    void reelayRunsThePackagedServiceInRegistryModeAgainstTheComposeBrokerAndRegistry() {
        JsonNode reelay = services.path("reelay");
        assertThat(reelay.path("volumes").toString()).contains("./target/quarkus-app:/app");
        assertThat(reelay.path("command").toString()).contains("java -jar /app/quarkus-run.jar");

        URI registryUrl = URI.create(reelay.at("/environment/REELAY_SERIALIZATION_REGISTRY_URL").asText());
        assertThat(services.has(registryUrl.getHost())).as("registry host %s is a service", registryUrl.getHost())
                .isTrue();
        assertThat(registryUrl.getPath()).isEqualTo("/apis/ccompat/v7");
        assertThat(containerPorts(registryUrl.getHost())).contains(registryUrl.getPort());

        String[] bootstrap = reelay.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText().split(":");
        assertThat(services.has(bootstrap[0])).as("broker host %s is a service", bootstrap[0]).isTrue();
        assertThat(services.at("/" + bootstrap[0] + "/environment/KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("//" + bootstrap[0] + ":" + bootstrap[1]);
        assertThat(services.at("/registry/environment/KAFKA_BOOTSTRAP_SERVERS").asText())
                .isEqualTo(bootstrap[0] + ":" + bootstrap[1]);
    }

    /** The demo profile calls the simulator service, which runs the simulator's main class, not the service. */
    @Test
    void theDemoProfileCallsTheSimulatorServiceWhichRunsOutsideTheService() {
        String command = services.at("/reelay/command").toString();
        assertThat(command).contains("REELAY_TOKENLAB_BASE_URL:-http://simulator:8090/simulator/tokenlab")
                .contains("REELAY_HUB_BASE_URL:-http://simulator:8090/simulator/hub");
        assertThat(services.at("/simulator/command").toString()).contains("io.reelay.simulator.SimulatorMain")
                .contains("--port=8090").contains("--host=0.0.0.0");
        assertThat(containerPorts("simulator")).contains(8090);
        // The simulator's result links name 127.0.0.1 (it listens on every address): Reelay reaches them, on
        // loopback as the demo profile allows, only from inside the simulator's network namespace.
        assertThat(networkOf("reelay")).isEqualTo("simulator");
    }

    /**
     * Stored copies are on, in the compose stack's own S3 server (pinned like every image), with the keys that
     * server takes, at an endpoint Reelay and this machine reach alike (the presigned links name it).
     */
    @Test
    void reelayCopiesFinishedVideosIntoTheComposeS3Server() {
        JsonNode storage = services.path("storage");
        assertThat(storage.path("image").asText()).startsWith("andrewgaul/s3proxy:");
        JsonNode env = services.at("/reelay/environment");

        assertThat(defaultOf(env.path("REELAY_STORAGE_ENABLED").asText())).isEqualTo("true");
        assertThat(defaultOf(env.path("REELAY_STORAGE_PATH_STYLE").asText())).isEqualTo("true");
        assertThat(defaultOf(env.path("REELAY_STORAGE_CREATE_BUCKET").asText())).isEqualTo("true");
        assertThat(defaultOf(env.path("REELAY_STORAGE_BUCKET").asText())).isNotBlank();
        assertThat(defaultOf(env.path("REELAY_STORAGE_ACCESS_KEY_ID").asText()))
                .isEqualTo(defaultOf(storage.at("/environment/S3PROXY_IDENTITY").asText())).contains("local");
        assertThat(defaultOf(env.path("REELAY_STORAGE_SECRET_ACCESS_KEY").asText()))
                .isEqualTo(defaultOf(storage.at("/environment/S3PROXY_CREDENTIAL").asText())).contains("local");

        URI endpoint = URI.create(defaultOf(env.path("REELAY_STORAGE_ENDPOINT").asText()));
        URI listens = URI.create(storage.at("/environment/S3PROXY_ENDPOINT").asText());
        assertThat(endpoint.getPort()).isEqualTo(listens.getPort());
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(networkOf("storage")).as("storage shares Reelay's network namespace").isEqualTo(networkOf("reelay"));
        assertThat(containerPorts(networkOf("storage"))).contains(endpoint.getPort());
    }

    @Test
    void reelaysHealthCheckAsksTheServiceWhetherItIsReady() {
        assertThat(String.join(" ", texts(services.at("/reelay/healthcheck/test"))))
                .contains("/dev/tcp/127.0.0.1/8080").contains("GET /q/health/ready ").contains(" 200 ");
        assertThat(containerPorts(networkOf("reelay"))).contains(8080);
    }

    /**
     * The broker takes no credentials and the demo profile's API no key: a port published on every interface would let
     * anyone on the network publish, read, and spend the upstream key. Short syntax only, so the binding is visible.
     */
    @Test
    void everyPortIsPublishedOnLocalhostOnly() {
        List<String> ports = new ArrayList<>();
        services.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            assertThat(port.isTextual()).as("%s port %s in short syntax", service.getKey(), port).isTrue();
            ports.add(port.asText());
        }));

        assertThat(ports).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(port -> assertThat(port).matches("127\\.0\\.0\\.1:\\d+:\\d+"));
    }

    /** The instances' shared key is set, with a default that works (32+ characters) and says it is for local use. */
    @Test
    void reelayHasTheSharedInternalKeyWithALocalOnlyDefault() {
        String value = services.at("/reelay/environment/REELAY_INTERNAL_KEY").asText();
        Matcher m = Pattern.compile("\\$\\{REELAY_INTERNAL_KEY:-([^}]+)}").matcher(value);

        assertThat(m.matches()).as("REELAY_INTERNAL_KEY from the environment, with a default: %s", value).isTrue();
        assertThat(m.group(1)).hasSizeGreaterThanOrEqualTo(InternalKey.MIN_LENGTH).containsIgnoringCase("local");
    }

    /** Avro allocates a declared length before reading it: the JVM of the service bounds what a record can ask for. */
    @Test
    void reelaysJvmBoundsTheAvroDecoder() {
        String options = services.at("/reelay/environment/JAVA_TOOL_OPTIONS").asText();

        assertThat(options).contains("-Dorg.apache.avro.limits.string.maxLength=1048576",
                "-Dorg.apache.avro.limits.bytes.maxLength=1048576",
                "-Dorg.apache.avro.limits.collectionItems.maxLength=100000");
    }

    private static boolean matches(String variable, String key) {
        if (key.endsWith(".*")) {
            return variable.startsWith(environmentName(key.substring(0, key.length() - 1)));
        }
        return variable.equals(environmentName(key));
    }

    /** The environment variable Quarkus maps to a key: every character but letters and digits becomes _. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** The keys of application.properties (any profile), every @ConfigMapping's, and quarkus.profile. */
    private static Set<String> configurationKeys() throws Exception {
        Set<String> keys = new HashSet<>(Set.of("quarkus.profile"));
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(source).contains("@ConfigMapping(")) {
                    String name = Path.of("src/main/java").relativize(source).toString()
                            .replace(".java", "").replace('/', '.');
                    Class<?> mapping = Class.forName(name);
                    mappingKeys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
                }
            }
        }
        assertThat(keys).contains("reelay.serialization.registry-url", "kafka.bootstrap.servers");
        return keys;
    }

    private static void mappingKeys(String prefix, Class<?> mapping, Set<String> keys) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            Type type = method.getGenericReturnType();
            if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
                type = p.getActualTypeArguments()[0];
            }
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (Map.class.isAssignableFrom(raw)) {
                keys.add(key + ".*");
            } else if (raw.isInterface() && raw.getName().startsWith("io.reelay.")) {
                mappingKeys(key, raw, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The service whose network namespace {@code service} runs in ({@code network_mode: service:...}), or itself. */
    private static String networkOf(String service) {
        String mode = services.at("/" + service + "/network_mode").asText();
        if (!mode.startsWith("service:")) {
            return service;
        }
        String owner = mode.substring("service:".length());
        assertThat(services.has(owner)).as("%s's network_mode names a service", service).isTrue();
        return owner;
    }

    /** The default of {@code ${NAME:-default}} (or {@code ${NAME-default}}); a plain value as it is. */
    private static String defaultOf(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:?-([^}]*)}").matcher(value);
        return m.matches() ? m.group(1) : value;
    }

    private static List<Integer> containerPorts(String service) {
        return texts(services.at("/" + service + "/ports")).stream()
                .map(mapping -> Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1))).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
