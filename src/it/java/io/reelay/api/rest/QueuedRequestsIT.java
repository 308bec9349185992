package io.reelay.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Where am I, over HTTP: a tenant allowed one task at a time (test-queued, application.properties) posts a long task
 * (kling-v3.0-std runs 60 s in the simulator) and a second request, which waits in the queue. GET shows its place and
 * its expected start and finish; its event stream says queued.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class QueuedRequestsIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String QUEUED_KEY = "test-queued-key";

    @Test
    void aWaitingRequestShowsItsPlaceAndEstimatesAndItsStreamSaysQueued() throws Exception {
        String running = "queued-first-" + UUID.randomUUID();
        String waiting = "queued-second-" + UUID.randomUUID();
        post(running, "kling-v3.0-std");
        awaitStatus(running, "in_progress");
        Instant posted = Instant.now();
        post(waiting, "veo3.1-fast");

        JsonPath shown = awaitQueue(waiting);
        assertThat(shown.getString("status")).isEqualTo("submitting");
        assertThat(shown.getString("tenant")).isEqualTo("test-queued");
        // The only tokenlab submit waiting in its partition's queue (its tenant's quota holds it, not the budget).
        assertThat(shown.getInt("queue.position")).isEqualTo(1);
        assertThat(shown.getInt("queue.waiting")).isEqualTo(1);
        Instant start = Instant.parse(shown.getString("queue.estimated_start_at"));
        Instant finish = Instant.parse(shown.getString("queue.estimated_finish_at"));
        Instant asOf = Instant.parse(shown.getString("queue.as_of"));
        assertThat(asOf).isAfterOrEqualTo(posted.minusSeconds(1));
        assertThat(start).isAfterOrEqualTo(asOf);
        assertThat(finish).isAfter(start);
        // The running request is not waiting: no queue.
        assertThat(asKey().get("/v1/requests/" + running).jsonPath().getString("queue")).isNull();

        CompletableFuture<String> stream = CompletableFuture.supplyAsync(() -> asAdmin().accept("text/event-stream")
                .get("/v1/requests/" + waiting + "/events").then().statusCode(200).extract().asString());
        Thread.sleep(1_500); // the stream has seen it waiting
        asKey().post("/v1/requests/" + waiting + "/cancel").then().statusCode(202);
        String events = stream.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        List<String> names = events.lines().filter(l -> l.startsWith("event:")).map(l -> l.substring(6).trim())
                .toList();
        assertThat(names).startsWith("submitting", "queued");
        assertThat(names).as("the stream ends with the cancellation's failure").endsWith("failed");
        assertThat(names.stream().filter("queued"::equals).count()).as("told once while nothing moved").isEqualTo(1);
        String queuedData = events.lines().dropWhile(l -> !l.equals("event:queued")).filter(l -> l.startsWith("data:"))
                .findFirst().orElseThrow();
        JsonPath queued = JsonPath.from(queuedData.substring(5).trim());
        assertThat(queued.getString("request_id")).isEqualTo(waiting);
        assertThat(queued.getInt("queue.position")).isEqualTo(1);
        assertThat(queued.getString("queue.estimated_start_at")).isNotBlank();

        asKey().post("/v1/requests/" + running + "/cancel").then().statusCode(202);
        awaitStatus(running, "failed");
    }

    private static RequestSpecification asAdmin() {
        return given().header("X-API-Key", "test-admin-key");
    }

    private static void post(String id, String model) {
        asKey().contentType(ContentType.JSON).body("""
                {"request_id": "%s", "model": "%s", "prompt": "A queue of kites"}
                """.formatted(id, model)).post("/v1/requests").then().statusCode(202);
    }

    private static JsonPath awaitQueue(String id) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Response response = asKey().get("/v1/requests/" + id);
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 404);
            assertThat(response.jsonPath().getString("queue.position")).isNotNull();
            last[0] = response.jsonPath();
        });
        return last[0];
    }

    private static void awaitStatus(String id, String status) {
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Response response = asAdmin().get("/v1/requests/" + id);
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 404);
            assertThat(response.jsonPath().getString("status")).isEqualTo(status);
        });
    }

    private static RequestSpecification asKey() {
        return given().header("X-API-Key", QUEUED_KEY);
    }
}
