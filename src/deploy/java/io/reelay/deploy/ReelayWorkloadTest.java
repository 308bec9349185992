package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.kafka.InternalKey;

/** Reelay's pod in each overlay: probes, its address for interactive queries, its state, its memory, its keys. */
class ReelayWorkloadTest {

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    /** One overlay, built. */
    record Built(List<ObjectNode> resources) {

        static Built of(Path kustomization) {
            return new Built(Kustomize.build(kustomization));
        }

        ObjectNode statefulSet() {
            return Manifests.only(resources, "StatefulSet", "reelay");
        }

        JsonNode container() {
            return Manifests.container(statefulSet(), "reelay").orElseThrow();
        }

        JsonNode podSpec() {
            return statefulSet().path("spec").path("template").path("spec");
        }

        /** The container's env: ConfigMaps it reads (envFrom) first, then its own entries, which win. */
        Map<String, JsonNode> env() {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            for (JsonNode from : container().path("envFrom")) {
                if (from.has("configMapRef")) {
                    String name = from.at("/configMapRef/name").asText();
                    ObjectNode configMap = Manifests.only(resources, "ConfigMap", name);
                    configMap.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
                }
            }
            for (JsonNode variable : container().path("env")) {
                env.put(variable.path("name").asText(), variable.has("value") ? variable.get("value") : variable);
            }
            return env;
        }

        Optional<String> value(String variable) {
            JsonNode value = env().get(variable);
            return value == null || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
        }

        /** The Quarkus profile the pod runs: QUARKUS_PROFILE, else prod (the packaged jar's default). */
        String profile() {
            return value("QUARKUS_PROFILE").orElse("prod");
        }

        int minReplicas() {
            return Manifests.only(resources, "HorizontalPodAutoscaler").path("spec").path("minReplicas").asInt(1);
        }
    }

    @Test
    void theHttpApiIsOnThePortTheManifestsUse() {
        assertThat(ServedPaths.managementInterface())
                .as("quarkus.management.enabled moves health and metrics to port 9000: update the probes").isFalse();
        assertThat(ServedPaths.httpPort()).isEqualTo(8080);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void probesAskTheServicesHealthChecksOnItsHttpPort(Path kustomization) {
        JsonNode container = Built.of(kustomization).container();

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.isMissingNode()).as("%s.httpGet", probe).isFalse();
            assertThat(get.path("path").asText()).as("%s path", probe).isIn(ServedPaths.health());
            assertThat(containerPort(container, get.path("port"))).as("%s port", probe)
                    .isEqualTo(ServedPaths.httpPort());
        }
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(ServedPaths.liveness());
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(ServedPaths.readiness());
        // Kafka Streams is not live until it has started (after the topics exist): the startup probe must cover that.
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo(ServedPaths.liveness());
        assertThat(container.path("startupProbe").path("periodSeconds").asInt(10)
                * container.path("startupProbe").path("failureThreshold").asInt(3)).as("seconds allowed to start")
                .isGreaterThanOrEqualTo(180);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void prometheusScrapesTheMetricsEndpoint(Path kustomization) {
        Built built = Built.of(kustomization);
        JsonNode annotations = built.statefulSet().path("spec").path("template").path("metadata").path("annotations");

        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(ServedPaths.metrics());
        assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(ServedPaths.httpPort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyServiceReachesTheHttpPort(Path kustomization) {
        Built built = Built.of(kustomization);
        for (ObjectNode service : Manifests.all(built.resources(), "Service")) {
            assertThat(service.path("spec").path("ports")).as("%s ports", Manifests.id(service)).isNotEmpty()
                    .allSatisfy(port -> assertThat(containerPort(built.container(), port.path("targetPort")))
                            .as("%s targetPort", Manifests.id(service)).isEqualTo(ServedPaths.httpPort()));
        }
    }

    /**
     * Each instance advertises pod-name.headless-service.namespace.svc:port, the address at which the other instances
     * reach its HTTP API; the names it expands must be defined before it (Kubernetes expands $(VAR) in order).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theApplicationServerIsThePodsOwnNameUnderTheHeadlessService(Path kustomization) {
        Built built = Built.of(kustomization);
        List<String> names = built.container().path("env").findValuesAsText("name");
        String serviceName = built.statefulSet().path("spec").path("serviceName").asText();

        assertThat(built.value("QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER"))
                .contains("$(POD_NAME)." + serviceName + ".$(POD_NAMESPACE).svc:" + ServedPaths.httpPort());
        assertThat(fieldRef(built, "POD_NAME")).isEqualTo("metadata.name");
        assertThat(fieldRef(built, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
        int applicationServer = names.indexOf("QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER");
        assertThat(names.indexOf("POD_NAME")).isBetween(0, applicationServer - 1);
        assertThat(names.indexOf("POD_NAMESPACE")).isBetween(0, applicationServer - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void kafkaStreamsStateLivesOnThePodsOwnVolume(Path kustomization) {
        Built built = Built.of(kustomization);
        String stateDir = built.value("KAFKA_STREAMS_STATE_DIR").orElseThrow();
        List<String> claims = built.statefulSet().path("spec").path("volumeClaimTemplates").findValuesAsText("name");

        assertThat(built.container().path("volumeMounts")).anySatisfy(mount -> {
            assertThat(stateDir).startsWith(mount.path("mountPath").asText() + "/");
            assertThat(claims).contains(mount.path("name").asText());
        });
    }

    /** With more than one instance, each state store has a warm copy elsewhere (standby replicas). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void severalInstancesKeepStandbyCopiesOfTheState(Path kustomization) {
        Built built = Built.of(kustomization);
        int standbys = Integer.parseInt(built.value("KAFKA_STREAMS_NUM_STANDBY_REPLICAS").orElse("0"));
        if (built.minReplicas() > 1) {
            assertThat(standbys).isEqualTo(1);
        } else {
            assertThat(standbys).isBetween(0, 1);
        }
    }

    /**
     * The JVM sizes its heap from the memory limit, so the limit must be set (and be what the pod gets: request =
     * limit). JAVA_OPTS replaces every JVM option of the image's start script, so it must repeat the log manager.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void memoryIsBoundedAndTheHeapIsAShareOfIt(Path kustomization) {
        Built built = Built.of(kustomization);
        JsonNode resources = built.container().path("resources");

        assertThat(resources.path("requests").path("cpu").asText()).isNotBlank();
        assertThat(resources.path("limits").path("memory").asText()).isNotBlank()
                .isEqualTo(resources.path("requests").path("memory").asText());
        assertThat(built.value("JAVA_OPTS")).hasValueSatisfying(options -> assertThat(options)
                .containsPattern("-XX:MaxRAMPercentage=[1-7][0-9]\\b")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
    }

    /**
     * The JVM's performance counters (what jstat reads) are sampled every 50 ms by default: on an idle instance that
     * was a tenth of its CPU (docs/benchmark.md, part 3). Once a second is what every pod runs with.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theJvmsCountersAreSampledOnceASecond(Path kustomization) {
        assertThat(Built.of(kustomization).value("JAVA_OPTS")).hasValueSatisfying(options -> assertThat(options)
                .contains("-XX:PerfDataSamplingInterval=1000"));
    }

    /**
     * Avro allocates a declared string, bytes or collection length before reading it: without these limits one hostile
     * record makes the decoder allocate gigabytes. The image's start script passes JAVA_OPTS to the JVM.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theAvroDecoderIsBoundedInEveryPod(Path kustomization) {
        String options = Built.of(kustomization).value("JAVA_OPTS").orElseThrow();

        assertThat(systemProperty(options, "org.apache.avro.limits.string.maxLength")).isBetween(1L, 1L << 20);
        assertThat(systemProperty(options, "org.apache.avro.limits.bytes.maxLength")).isBetween(1L, 1L << 20);
        assertThat(systemProperty(options, "org.apache.avro.limits.collectionItems.maxLength")).isBetween(1L,
                100_000L);
    }

    /**
     * The instances sign the tracker's records and their forwarded calls with one shared key: on the prod profile,
     * which has no default, from the Secret (the same for every pod), required; other profiles have their own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyInstanceHasTheSharedInternalKey(Path kustomization) {
        Built built = Built.of(kustomization);
        if (kustomization.equals(Manifests.BASE)) {
            return; // not deployed as such: an overlay decides
        }
        if (built.profile().equals("prod")) {
            JsonNode key = built.env().get("REELAY_INTERNAL_KEY");
            assertThat(key).as("REELAY_INTERNAL_KEY in env").isNotNull();
            assertThat(key.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("reelay-secrets");
            assertThat(key.at("/valueFrom/secretKeyRef/optional").asBoolean(false)).isFalse();
            assertThat(KnownConfig.applicationValue("%prod.reelay.internal.key")).isEmpty();
        } else {
            assertThat(KnownConfig.applicationValue("%" + built.profile() + ".reelay.internal.key"))
                    .as("profile %s has a key of its own", built.profile())
                    .hasValueSatisfying(k -> assertThat(k).hasSizeGreaterThanOrEqualTo(InternalKey.MIN_LENGTH));
        }
    }

    /** The image is the one Jib builds: group/name from application.properties (overlays may prefix a registry). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void theImageIsTheOneTheBuildProduces(Path kustomization) {
        String image = Built.of(kustomization).container().path("image").asText();
        String group = KnownConfig.applicationValue("quarkus.container-image.group").orElseThrow();
        String name = KnownConfig.applicationValue("quarkus.container-image.name").orElseThrow();

        assertThat(image).matches("([^/]+/)?" + group + "/" + name + ":[\\w][\\w.-]*");
    }

    /**
     * On the prod profile the upstream is the real, paid API, so the pod must have the real key, from a Secret, or
     * not start; any other profile an overlay runs must call the provider simulator, never the paid API.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void prodRequiresTheTokenLabKeyFromASecretOtherProfilesRunTheSimulator(Path kustomization) {
        Built built = Built.of(kustomization);
        if (kustomization.equals(Manifests.BASE)) {
            return; // not deployed as such: an overlay decides
        }
        if (built.profile().equals("prod")) {
            JsonNode key = built.env().get("REELAY_TOKENLAB_API_KEY");
            assertThat(key).as("REELAY_TOKENLAB_API_KEY in env").isNotNull();
            assertThat(key.path("valueFrom").path("secretKeyRef").path("name").asText()).isNotBlank();
            assertThat(key.path("valueFrom").path("secretKeyRef").path("optional").asBoolean(false)).isFalse();
        } else {
            assertThat(KnownConfig.applicationValue("%" + built.profile() + ".reelay.tokenlab.base-url"))
                    .as("profile %s calls the simulator", built.profile()).hasValueSatisfying(
                            url -> assertThat(url).endsWith("/simulator/tokenlab"));
        }
    }

    /** Keys never sit in a ConfigMap or a literal env value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void keysComeOnlyFromSecrets(Path kustomization) {
        Built built = Built.of(kustomization);
        built.env().forEach((name, value) -> {
            if (name.matches(".*(KEY|KEYS|SECRET|PASSWORD|TOKEN)$")) {
                assertThat(value.path("valueFrom").has("secretKeyRef")).as("%s from a Secret", name).isTrue();
            }
        });
        assertThat(built.container().path("envFrom")).anySatisfy(from ->
                assertThat(from.path("secretRef").path("name").asText()).isEqualTo("reelay-secrets"));
    }

    /** The value of -Dname=value in JVM options, as a number. */
    static long systemProperty(String options, String name) {
        Matcher m = Pattern.compile("(?:^|\\s)-D" + Pattern.quote(name) + "=(\\d+)(?:\\s|$)").matcher(options);
        assertThat(m.find()).as("-D%s in %s", name, options).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String fieldRef(Built built, String variable) {
        return built.env().get(variable).path("valueFrom").path("fieldRef").path("fieldPath").asText();
    }

    /** A probe's or Service's port, by name or number, as the container port number it reaches. */
    static int containerPort(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            boolean same = port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                    : p.path("name").asText().equals(port.asText());
            if (same) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port " + port + " in " + container.path("ports"));
    }
}
