package io.reelay.api.rest;

import static io.reelay.testing.ApiKeys.asReader;
import static io.reelay.testing.ApiKeys.asWriter;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The HTTP API on a real broker, against the simulator over real HTTP: a request posted here goes through
 * Kafka and the tracker, and its state is read back from the tracker's stores.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class RequestsResourceTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void aPostedRequestIsFollowedToItsVideo() {
        String id = "api-" + UUID.randomUUID();
        String location = asWriter().contentType(ContentType.JSON)
                .body(request(id, "veo3.1-fast", "A lighthouse at dawn"))
                .post("/v1/requests")
                .then().statusCode(202)
                .body("request_id", equalTo(id))
                .body("status", equalTo("accepted"))
                .body("links.events", equalTo("/v1/requests/" + id + "/events"))
                .extract().header("Location");
        assertThat(location).endsWith("/v1/requests/" + id);

        JsonPath done = awaitStatus(id, "completed");
        assertThat(done.getString("provider")).isEqualTo("tokenlab");
        assertThat(done.getString("model")).isEqualTo("veo3.1-fast");
        assertThat(done.getString("upstream_task_id")).startsWith("ldtask_");
        assertThat(done.getString("videos[0].url")).startsWith("https://").contains(done.getString("upstream_task_id"));
        assertThat(done.getInt("polls")).isPositive();
        assertThat(done.getString("timings.finished_at")).isNotBlank();
        assertThat(done.getString("timings.submitted_at")).isNotBlank();
        assertThat(done.getMap("metadata")).containsEntry("source", "api-test");
        // Read-only keys read; the instance that answered names itself.
        asReader().get("/v1/requests/" + id).then().statusCode(200)
                .header(RequestsResource.SERVED_BY_HEADER, notNullValue());
        // Submitted once, however often it was read.
        given().get("/simulator/tokenlab/_calls").then().statusCode(200)
                .body("submitsByRequestId.'" + id + "'", equalTo(1));
    }

    @Test
    void aRunningRequestShowsItsUpstreamTaskAndProgressAndCanBeCancelled() {
        String id = "api-cancel-" + UUID.randomUUID();
        asWriter().contentType(ContentType.JSON).body(request(id, "kling-v3.0-std", "A slow sunset"))
                .post("/v1/requests").then().statusCode(202);
        JsonPath running = awaitStatus(id, "in_progress");
        assertThat(running.getString("upstream_task_id")).startsWith("ldtask_");
        assertThat(running.getString("timings.submitted_at")).isNotBlank();

        asWriter().contentType(ContentType.JSON).body("{\"reason\":\"changed my mind\"}")
                .post("/v1/requests/" + id + "/cancel")
                .then().statusCode(202).body("status", equalTo("cancel_requested"));

        JsonPath failed = awaitStatus(id, "failed");
        assertThat(failed.getString("failure.reason")).isEqualTo("cancelled");
        assertThat(failed.getString("failure.message")).contains("changed my mind");
        // Nothing left to cancel.
        asWriter().post("/v1/requests/" + id + "/cancel").then().statusCode(409)
                .body("error.code", equalTo("already_finished"));
    }

    @Test
    void anInvalidRequestIsRefusedWithTheBrokenRulesAndNothingIsPublished() {
        String id = "api-invalid-" + UUID.randomUUID();
        asWriter().contentType(ContentType.JSON).body(request(id, "no-such-model", "Anything"))
                .post("/v1/requests")
                .then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.validation_errors.field", hasItem("model"));
        asWriter().contentType(ContentType.JSON).body("{\"model\": \"veo3.1\", \"prompt\": ")
                .post("/v1/requests")
                .then().statusCode(400).body("error.message", notNullValue());
        // Refused here, so the tracker never saw it.
        asReader().get("/v1/requests/" + id).then().statusCode(404);
    }

    @Test
    void aKnownRequestIdIsNotSubmittedAgain() {
        String id = "api-dup-" + UUID.randomUUID();
        asWriter().contentType(ContentType.JSON).body(request(id, "veo3.1-fast", "Twice"))
                .post("/v1/requests").then().statusCode(202);
        awaitStatus(id, "completed");
        asWriter().contentType(ContentType.JSON).body(request(id, "veo3.1-fast", "Twice"))
                .post("/v1/requests").then().statusCode(409).body("error.code", equalTo("duplicate_request_id"));
        given().get("/simulator/tokenlab/_calls").then().body("submitsByRequestId.'" + id + "'", equalTo(1));
    }

    @Test
    void aRequestWithoutIdGetsOne() {
        Response accepted = asWriter().contentType(ContentType.JSON)
                .body("{\"model\":\"veo3.1-fast\",\"prompt\":\"No id given\"}")
                .post("/v1/requests");
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("request_id");
        assertThat(UUID.fromString(id)).isNotNull();
        awaitStatus(id, "completed");
    }

    @Test
    void unknownRequestsAreNotFound() {
        asReader().get("/v1/requests/never-sent-" + UUID.randomUUID()).then().statusCode(404)
                .body("error.code", equalTo("request_not_found"));
        asWriter().post("/v1/requests/never-sent-" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }

    @Test
    void theEventStreamFollowsARequestToItsEnd() {
        String id = "api-sse-" + UUID.randomUUID();
        asWriter().contentType(ContentType.JSON).body(request(id, "veo3.1-fast", "A kite"))
                .post("/v1/requests").then().statusCode(202);
        String stream = asReader().accept("text/event-stream").get("/v1/requests/" + id + "/events")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();

        List<String> names = stream.lines().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).trim()).toList();
        // One event per change of state (a poll's progress is a change too), in lifecycle order, one terminal last.
        assertThat(names).isNotEmpty().last().isEqualTo("completed");
        assertThat(names).containsAnyOf("submitting", "in_progress").containsOnlyOnce("completed");
        List<String> order = List.of("submitting", "in_progress", "completed");
        assertThat(names).isSortedAccordingTo(java.util.Comparator.comparingInt(order::indexOf));
        List<String> ids = stream.lines().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
        assertThat(ids).hasSameSizeAs(names).doesNotHaveDuplicates();
        assertThat(stream.lines().filter(l -> !l.isBlank()))
                .as("only standard SSE fields").allMatch(l -> l.matches("^(event|id|data|retry):.*|^:.*"));
        String last = stream.lines().filter(l -> l.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
        JsonPath completed = JsonPath.from(last.substring(5).trim());
        assertThat(completed.getString("request_id")).isEqualTo(id);
        assertThat(completed.getString("videos[0].url")).startsWith("https://");
    }

    @Test
    void theEventStreamOfAnUnknownRequestEndsWithNotFound() {
        String stream = asReader().accept("text/event-stream").get("/v1/requests/nobody-" + UUID.randomUUID() + "/events")
                .then().statusCode(200).extract().asString();
        assertThat(stream).contains("event:not_found").contains("data:{\"request_id\":\"nobody-");
    }

    @Test
    void keysAreRequiredAndReadOnlyKeysCannotWrite() {
        given().get("/v1/requests/x").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.type", equalTo("authentication_error"));
        given().header("X-API-Key", "not-a-key").get("/v1/requests/x").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-key").get("/v1/models").then().statusCode(401);
        asReader().contentType(ContentType.JSON).body(request("api-ro-" + UUID.randomUUID(), "veo3.1-fast", "No"))
                .post("/v1/requests").then().statusCode(403).body("error.type", equalTo("permission_error"));
        asReader().post("/v1/requests/x/cancel").then().statusCode(403);
        asReader().get("/v1/models").then().statusCode(200);
        // Health, metrics and the API description stay open.
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/requests'.post", notNullValue())
                .body("paths.'/v1/requests/{id}'.get.responses.'503'", notNullValue())
                .body("paths.'/v1/requests/{id}/cancel'.post", notNullValue())
                .body("paths.'/v1/requests/{id}/events'.get", notNullValue())
                .body("components.securitySchemes.apiKey.name", equalTo("X-API-Key"));
    }

    private static JsonPath awaitStatus(String id, String status) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Response response = asReader().get("/v1/requests/" + id);
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 404);
            assertThat(response.jsonPath().getString("status")).isEqualTo(status);
            last[0] = response.jsonPath();
        });
        return last[0];
    }

    private static String request(String id, String model, String prompt) {
        return """
                {"request_id": "%s", "model": "%s", "prompt": "%s", "metadata": {"source": "api-test"}}
                """.formatted(id, model, prompt);
    }
}
