package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.ReelayConfig;
import io.reelay.config.TestConfig;
import io.reelay.api.rest.SchemasResource;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.lifecycle.streams.TrackerServices;
import io.reelay.lifecycle.streams.TrackerTopology;

/**
 * The AsyncAPI document the service serves ({@code GET /asyncapi.yaml}) stays true to the code: one channel per
 * topic and no other, each Avro payload the schema in {@code schemas/}, the operations the topology's sources and
 * sinks, and the headers the ones Reelay reads and writes.
 */
class AsyncApiDocumentTest {

    private static final String DOCUMENT = "META-INF/resources/asyncapi.yaml";
    private static final String AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0";
    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT + " on the classpath").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void isAnAsyncApi3DocumentWithOneChannelPerTopicAndNoOther() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void everyAvroPayloadIsTheSchemaInTheSchemasDirectory() throws IOException {
        Map<String, Schema> repository = schemasDirectory();
        List<String> checked = new ArrayList<>();
        for (JsonNode message : doc.path("components").path("messages")) {
            JsonNode payload = message.path("payload");
            if (!payload.path("schemaFormat").asText().startsWith("application/vnd.apache.avro")) {
                continue;
            }
            assertThat(payload.path("schemaFormat").asText()).isEqualTo(AVRO_FORMAT);
            String name = servedSchemaName(payload.path("schema").path("$ref").asText());
            Schema served = SchemasResource.schema(name).orElseThrow(() -> new AssertionError("not served: " + name));
            assertThat(served).as(name).isEqualTo(repository.get("io.reelay.events." + name));
            assertThat(new Schema.Parser().parse(new SchemasResource().get(name + ".avsc"))).isEqualTo(served);
            checked.add(name);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(Topics.VALUE_TYPES.values().stream()
                .map(Class::getSimpleName).toList());
    }

    @Test
    void eachTopicsAvroMessageCarriesThatTopicsValueType() {
        doc.path("channels").forEach(channel -> {
            String topic = channel.path("address").asText();
            List<String> avro = new ArrayList<>();
            channel.path("messages").forEach(ref -> {
                JsonNode payload = resolve(ref).path("payload");
                if (payload.has("schemaFormat")) {
                    avro.add(servedSchemaName(payload.path("schema").path("$ref").asText()));
                }
            });
            Class<?> type = Topics.VALUE_TYPES.get(topic);
            assertThat(avro).as(topic).isEqualTo(type == null ? List.of() : List.of(type.getSimpleName()));
        });
    }

    @Test
    void reelayReceivesFromTheTopologysSourcesAndSendsToItsSinks() {
        TopologyDescription topology = TrackerTopology.buildTopology(settings(), services()).describe();
        Set<String> sources = new HashSet<>();
        Set<String> sinks = new HashSet<>();
        topology.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source) {
                sources.addAll(source.topicSet());
            } else if (node instanceof TopologyDescription.Sink sink) {
                sinks.add(sink.topic());
            }
        }));

        assertThat(operationTopics("receive")).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(operationTopics("send")).containsExactlyInAnyOrderElementsOf(sinks);
    }

    @Test
    void everyOperationsMessagesBelongToItsChannel() {
        doc.path("operations").fields().forEachRemaining(operation -> {
            String channelRef = operation.getValue().path("channel").path("$ref").asText();
            assertThat(resolve(operation.getValue().path("channel")).isMissingNode()).as(channelRef).isFalse();
            operation.getValue().path("messages").forEach(message -> {
                String ref = message.path("$ref").asText();
                assertThat(ref).as(operation.getKey()).startsWith(channelRef + "/messages/");
                assertThat(resolve(message).path("payload").isMissingNode()).as(ref).isFalse();
            });
        });
    }

    @Test
    void theDeadLetterHeadersAreTheOnesReelayWrites() throws IllegalAccessException {
        List<String> written = new ArrayList<>();
        for (Field field : DeadLetters.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                written.add((String) field.get(null));
            }
        }
        JsonNode headers = resolve(doc.at("/components/messages/DeadLetter/headers"));
        List<String> required = new ArrayList<>();
        headers.path("required").forEach(h -> required.add(h.asText()));
        // On every dead letter: why (code and words) and where the producer put the record.
        assertThat(required).containsExactlyInAnyOrder(DeadLetters.CODE, DeadLetters.REASON, DeadLetters.TOPIC,
                DeadLetters.PARTITION, DeadLetters.OFFSET);
        written.forEach(h -> assertThat(headers.path("properties").has(h)).as(h).isTrue());
        List<String> codes = new ArrayList<>();
        headers.path("properties").path(DeadLetters.CODE).path("enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(DeadLetters.Code.values())
                .map(Enum::name).toList());
    }

    @Test
    void theRequestHeadersAreTheOnesReelayReadsAndEveryMessageMayCarryATraceparent() {
        JsonNode avro = resolve(doc.at("/components/messages/VideoRequested/headers")).path("properties");
        assertThat(avro.path(RequestDecoder.CONTENT_TYPE_HEADER).path("enum").toString()).contains(RequestDecoder.AVRO);
        JsonNode json = resolve(doc.at("/components/messages/VideoRequestedJson/headers")).path("properties");
        assertThat(json.path(RequestDecoder.CONTENT_TYPE_HEADER).path("const").asText()).isEqualTo(RequestDecoder.JSON);
        doc.path("components").path("messages").fields().forEachRemaining(message -> assertThat(
                resolve(message.getValue().path("headers")).path("properties").has("traceparent"))
                .as(message.getKey()).isTrue());
    }

    private static Set<String> operationTopics(String action) {
        Set<String> topics = new HashSet<>();
        doc.path("operations").forEach(operation -> {
            if (action.equals(operation.path("action").asText())) {
                topics.add(resolve(operation.path("channel")).path("address").asText());
            }
        });
        return topics;
    }

    /** Follows local references ({@code #/...}) until a node that is not one. */
    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#")) {
            node = doc.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** {@code ./schemas/VideoFailed.avsc} (relative to the served document) to {@code VideoFailed}. */
    private static String servedSchemaName(String ref) {
        assertThat(ref).matches("\\./schemas/[A-Za-z]+\\.avsc");
        return ref.substring("./schemas/".length(), ref.length() - ".avsc".length());
    }

    /** Every named type defined in schemas/, parsed as the build does: shared types, then VideoRequested, then the rest. */
    private static Map<String, Schema> schemasDirectory() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("schemas/common", "schemas", "schemas/state")) {
            try (Stream<Path> listed = Files.list(Path.of(dir))) {
                listed.filter(f -> f.toString().endsWith(".avsc")).sorted().forEach(files::add);
            }
        }
        files.remove(Path.of("schemas/VideoRequested.avsc"));
        files.add(files.indexOf(files.stream().filter(f -> !f.startsWith("schemas/common")).findFirst().orElseThrow()),
                Path.of("schemas/VideoRequested.avsc"));
        Schema.Parser parser = new Schema.Parser();
        for (Path file : files) {
            parser.parse(file.toFile());
        }
        return new HashMap<>(parser.getTypes());
    }

    private static ReelayConfig settings() {
        return TestConfig.defaults().set(c -> c.polling().strategy(), ReelayConfig.Polling.Strategy.FIXED).build();
    }

    private static TrackerServices services() {
        return new TrackerServices(new RequestIntake(new RequestValidator(ModelCatalog.load(),
                TestConfig.defaults().validation())), name -> null, outcome -> null,
                new TrackerMetrics(new SimpleMeterRegistry()));
    }
}
