package io.reelay.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.kafka.avro.PublishedSchemas;
import io.reelay.kafka.Topics;
import io.reelay.testing.broker.KafkaBrokerResource;

/** The running service serves its AsyncAPI document and every schema the document refers to. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class AsyncApiResourceIT {

    @TestHTTPResource("/asyncapi.yaml")
    URI document;

    @Test
    void servesTheDocumentAndEverySchemaItRefersTo() throws Exception {
        String yaml = given().get(document).then().statusCode(200).extract().asString();
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(doc.path("channels").size()).isEqualTo(Topics.ALL.size());

        List<String> served = new ArrayList<>();
        for (JsonNode message : doc.path("components").path("messages")) {
            JsonNode ref = message.path("payload").path("schema").path("$ref");
            if (ref.isMissingNode()) {
                continue;
            }
            // Resolved as an AsyncAPI tool resolves it: relative to the document's own URL.
            String json = given().get(document.resolve(ref.asText())).then().statusCode(200)
                    .contentType("application/json").extract().asString();
            Schema schema = new Schema.Parser().parse(json);
            served.add(schema.getName());
        }
        assertThat(served).containsExactlyInAnyOrderElementsOf(Topics.VALUE_TYPES.values().stream()
                .map(Class::getSimpleName).toList());
    }

    @Test
    void aServedSchemaIsThePublishedOne() {
        String json = given().get(document.resolve("./schemas/VideoCompleted.avsc")).then().statusCode(200)
                .extract().asString();
        assertThat(new Schema.Parser().parse(json))
                .isEqualTo(PublishedSchemas.of(io.reelay.events.VideoCompleted.class));
    }

    @Test
    void anUnknownSchemaIsNotFound() {
        given().get(document.resolve("./schemas/TrackedTask.avsc")).then().statusCode(404);
        given().get(document.resolve("./schemas/VideoCompleted.json")).then().statusCode(404);
    }
}
