package io.reelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.InternalKey;

/**
 * Every environment variable the manifests give the service sets a property the service reads: a misspelled or
 * ineffective name would be ignored in silence, leaving the default in force. See {@link KnownConfig} for where the
 * known properties come from and what is not checked.
 */
class ConfigKeysTest {

    private static final KnownConfig CONFIG = KnownConfig.load();
    private static final Path SECRETS_TEMPLATE = Manifests.ROOT.resolve("overlays/prod/secrets.env.example");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Stream<Path> deployable() {
        return KustomizationTest.deployable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void everyVariableSetsAPropertyOfTheService(Path kustomization) {
        Map<String, JsonNode> env = ReelayWorkloadTest.Built.of(kustomization).env();

        assertThat(unknown(env)).as("variables of %s that set no property of the service", kustomization).isEmpty();
    }

    @Test
    void everyNameInTheSecretsTemplateSetsAPropertyOfTheService() throws IOException {
        List<String> names = Files.readAllLines(SECRETS_TEMPLATE).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .toList();

        assertThat(names).contains("REELAY_TOKENLAB_API_KEY", "REELAY_HUB_API_KEY", "REELAY_INTERNAL_KEY");
        assertThat(names).allSatisfy(name -> assertThat(CONFIG.propertyOf(name)).as(name).isPresent());
    }

    /**
     * The template says how to make the shared key, and its placeholder is one the service refuses (too short), so a
     * Secret created from an unedited copy stops the pods instead of running with a key everyone can read here.
     */
    @Test
    void theSecretsTemplateSaysHowToMakeTheInternalKeyAndItsPlaceholderIsRefused() throws IOException {
        List<String> lines = Files.readAllLines(SECRETS_TEMPLATE);
        String placeholder = lines.stream().filter(line -> line.startsWith("REELAY_INTERNAL_KEY="))
                .map(line -> line.substring(line.indexOf('=') + 1)).findFirst().orElseThrow();

        assertThat(String.join("\n", lines)).contains("openssl rand -base64 48");
        assertThat(placeholder).isNotEmpty().hasSizeLessThan(InternalKey.MIN_LENGTH);
    }

    /** The checker itself: it must refuse what the service would ignore, or the tests above could never fail. */
    @ParameterizedTest
    @ValueSource(strings = {
        "REELAY_TOKENLAB_APIKEY",               // misspelled
        "REELAY_TOKENLAB_BASEURL",              // misspelled
        "REELAY_TOPIC_CREATE",                  // misspelled
        "KAFKA_BOOTSTRAP_SERVER",               // not a Kafka client setting
        "KAFKA_STREAMS_COMMIT_INTERVAL_MS",     // a real Streams setting, but application.properties does not name it
        "QUARKUS_CONTAINER_IMAGE_NAME",         // build time: does nothing in a running pod
        "QUARKUS_KAFKA_STREAMS_APPLICATION_SERVERS",
        "REELAY_SIMULATOR_CHAOS",               // a group, not a property
        "KAFKA_STREAMS_SASL_JAAS_CONFIG",       // Kafka Streams' login is quarkus.kafka-streams.sasl.jaas-config
        "KAFKA_STREAMS_SECURITY_PROTOCOL"       // ... and its protocol quarkus.kafka-streams.security.protocol
    })
    void aNameThatSetsNothingIsRefused(String variable) {
        assertThat(CONFIG.propertyOf(variable)).as(variable).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "KAFKA_BOOTSTRAP_SERVERS,                      kafka.bootstrap.servers",
        "KAFKA_SECURITY_PROTOCOL,                      kafka.security.protocol",
        "KAFKA_SASL_JAAS_CONFIG,                       kafka.sasl.jaas.config",
        "KAFKA_SSL_TRUSTSTORE_LOCATION,                kafka.ssl.truststore.location",
        "QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL,      quarkus.kafka-streams.security.protocol",
        "QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG,       quarkus.kafka-streams.sasl.jaas-config",
        "QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_TYPE,    quarkus.kafka-streams.ssl.truststore.type",
        "REELAY_INTERNAL_KEY,                          reelay.internal.key",
        "KAFKA_STREAMS_STATE_DIR,                      kafka-streams.state.dir",
        "KAFKA_STREAMS_NUM_STANDBY_REPLICAS,           kafka-streams.num.standby.replicas",
        "QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER,     quarkus.kafka-streams.application-server",
        "QUARKUS_PROFILE,                              quarkus.profile",
        "REELAY_TOKENLAB_API_KEY,                      reelay.tokenlab.api-key",
        "REELAY_TOPICS_CREATE,                         reelay.topics.create",
        "REELAY_UPSTREAM_CIRCUIT_BREAKER_FAILURE_RATIO, reelay.upstream.circuit-breaker.failure-ratio",
        "REELAY_RATE_BUDGET_PER_MINUTE_ACME,           reelay.rate-budget.per-minute.*",
        "QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL, quarkus.log.category.\"categories\".level"
    })
    void aNameOfAPropertyIsRecognised(String variable, String property) {
        assertThat(CONFIG.propertyOf(variable)).contains(property);
    }

    @Test
    void theConfigurationRootIsRead() {
        assertThat(KnownConfig.configMappings()).contains(ReelayConfig.class);
    }

    /**
     * An environment variable wins over a profile's own value in application.properties (SmallRye Config: the higher
     * ordinal wins), so a variable must not set what the overlay's profile sets, e.g. REELAY_TOKENLAB_BASE_URL would
     * send the demo profile's calls to the real API instead of its simulator.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployable")
    void noVariableOverridesWhatTheProfileSets(Path kustomization) {
        ReelayWorkloadTest.Built built = ReelayWorkloadTest.Built.of(kustomization);
        String profile = built.profile();

        assertThat(built.env().keySet().stream()
                .filter(name -> CONFIG.propertyOf(name).filter(p -> CONFIG.profileSets(profile, p)).isPresent())
                .toList()).as("variables hiding a %%%s value of application.properties", profile).isEmpty();
    }

    /** Names not in the set of known properties, leaving out helpers other values expand as $(NAME). */
    private static List<String> unknown(Map<String, JsonNode> env) {
        Set<String> helpers = env.values().stream()
                .filter(JsonNode::isValueNode)
                .flatMap(v -> references(v.asText()).stream())
                .collect(Collectors.toSet());
        return env.keySet().stream()
                .filter(name -> !helpers.contains(name))
                .filter(name -> CONFIG.propertyOf(name).isEmpty())
                .toList();
    }

    private static List<String> references(String value) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
