package io.reelay.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.api.rest.RequestsResource;
import io.reelay.kafka.Topics;
import io.reelay.simulator.ChaosSettings;
import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.broker.TopicAdmin;
import io.reelay.testing.process.BrokerProcess;
import io.reelay.testing.process.Ports;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two packaged service instances on one broker, one application id: each owns half the partitions, and
 * {@code GET /v1/requests/{id}} answers the same from either (the non-owner forwards to the owner). Then the
 * second instance is killed: the first takes its partitions over (from its standby replicas) and answers for
 * every request, with 503 + Retry-After, never a wrong answer, while it does.
 */
class TwoInstancesIT {

    private static final int PARTITIONS = 6;
    private static final int REQUESTS = 24;
    private static final String KEY = "two-instances-it-key";
    private static final Duration READY = Duration.ofMinutes(2);

    private static BrokerProcess broker;
    private static SimulatorServer simulator;
    private static ReelayProcess first;
    private static ReelayProcess second;
    private static String firstUrl;
    private static String secondUrl;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> ownerOf = new HashMap<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        // In ./mvnw verify the package phase has built it; a surefire run of the package's tests
        // (-Dtest='io.reelay.api.**') picks this class up too, before any package: skipped there, not failed.
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the packaged service (built by ./mvnw package) is needed");
        Path work = Path.of("target/two-instances");
        EmbeddedKafkaBroker.deleteRecursively(work);
        Files.createDirectories(work);
        broker = new BrokerProcess(Ports.free(), work.resolve("kafka-logs"), work.resolve("broker.log"));
        broker.start();
        TopicAdmin.createTopics(broker.bootstrapServers(), Topics.ALL, PARTITIONS);
        simulator = SimulatorServer.start(1_000, 100_000, ChaosSettings.NONE);
        int firstPort = Ports.free();
        int secondPort = Ports.free();
        first = new ReelayProcess(jar, properties(work.resolve("state-1"), firstPort), firstPort, work.resolve("first.log"));
        second = new ReelayProcess(jar, properties(work.resolve("state-2"), secondPort), secondPort,
                work.resolve("second.log"));
        firstUrl = "http://127.0.0.1:" + firstPort;
        secondUrl = "http://127.0.0.1:" + secondPort;
        first.start(READY);
        second.start(READY);
    }

    @AfterAll
    static void stopAll() throws Exception {
        ReelayProcess.stopAll(java.util.Arrays.asList(first, second), simulator, broker);
    }

    @Test
    void eitherInstanceAnswersWithTheOwnersStateAndTheSurvivorTakesOverWhenTheOtherDies() throws Exception {
        eitherInstanceAnswersForEveryRequestWithTheOwnersState();
        whenAnInstanceDiesTheOtherTakesOverItsRequests();
    }

    private void eitherInstanceAnswersForEveryRequestWithTheOwnersState() {
        for (int n = 0; n < REQUESTS; n++) {
            String id = "two-" + n + "-" + UUID.randomUUID();
            ids.add(id);
            // Submitted through either instance: both publish to the same topic.
            api(n % 2 == 0 ? firstUrl : secondUrl).contentType(ContentType.JSON)
                    .body("{\"request_id\":\"" + id + "\",\"model\":\"veo3.1-fast\",\"prompt\":\"Two instances\"}")
                    .post("/v1/requests").then().statusCode(202);
        }
        awaitDescribingUnfinished(() -> {
            for (String id : ids) {
                assertThat(answer(firstUrl, id).jsonPath().getString("status")).as(id).isEqualTo("completed");
            }
        });

        for (String id : ids) {
            Response fromFirst = answer(firstUrl, id);
            Response fromSecond = answer(secondUrl, id);
            assertThat(fromFirst.statusCode()).as(id).isEqualTo(200);
            assertThat(fromSecond.statusCode()).as(id).isEqualTo(200);
            assertThat(fromSecond.jsonPath().getMap("")).as("the same state from either instance")
                    .isEqualTo(fromFirst.jsonPath().getMap(""));
            assertThat(fromFirst.jsonPath().getString("videos[0].url")).startsWith("https://");
            String owner = fromFirst.header(RequestsResource.SERVED_BY_HEADER);
            assertThat(fromSecond.header(RequestsResource.SERVED_BY_HEADER)).as("one owner per request").isEqualTo(owner);
            ownerOf.put(id, owner);
        }
        Set<String> owners = new HashSet<>(ownerOf.values());
        assertThat(owners).as("each instance owns some requests: half the answers were forwarded")
                .containsExactlyInAnyOrder(address(firstUrl), address(secondUrl));
        // Each request was submitted once, whichever instance took it in and whichever answered.
        assertThat(ids).allSatisfy(id -> assertThat(simulator.callLog().submitsFor(id)).as(id).isEqualTo(1));
    }

    private void whenAnInstanceDiesTheOtherTakesOverItsRequests() throws Exception {
        second.kill();
        Map<Integer, Integer> answers = new LinkedHashMap<>();
        awaitDescribingUnfinished(() -> {
            for (String id : ids) {
                Response response = answer(firstUrl, id);
                answers.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 503) {
                    assertThat(response.header("Retry-After")).as("503 says when to retry").isNotBlank();
                } else {
                    assertThat(response.statusCode()).as(id + ": " + response.asString()).isEqualTo(200);
                }
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.header(RequestsResource.SERVED_BY_HEADER)).isEqualTo(address(firstUrl));
                assertThat(response.jsonPath().getString("status")).isEqualTo("completed");
            }
        });
        System.out.println("[two-instances] answers from the survivor while it took over: " + answers);
        assertThat(answers.keySet()).as("only the owner's state or 'retry later', never not-found")
                .isSubsetOf(200, 503);
    }

    /** Waits up to two minutes for {@code assertion} to hold; if it never does, says why before failing. */
    private void awaitDescribingUnfinished(ThrowingRunnable assertion) {
        try {
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            describeUnfinished();
            throw e;
        }
    }

    /**
     * What a failed wait leaves to go on (CI keeps no target/): each unfinished request as either instance answers
     * it, what the simulator saw of it, and the lines of both services' logs that name it or warn.
     */
    private void describeUnfinished() {
        List<String> unfinished = ids.stream().filter(id -> !"completed".equals(field(id, "status"))).toList();
        System.out.println("[two-instances] " + unfinished.size() + " of " + ids.size() + " requests not completed");
        for (String id : unfinished) {
            String taskId = field(id, "upstream_task_id");
            System.out.println("[two-instances] unfinished " + id + ": first " + described(firstUrl, id) + "; second "
                    + described(secondUrl, id) + "; simulator: " + simulator.callLog().submitsFor(id) + " submit(s), "
                    + (taskId == null ? "no task id" : simulator.callLog().pollsFor(taskId) + " poll(s)"));
        }
        for (Path log : List.of(Path.of("target/two-instances/first.log"), Path.of("target/two-instances/second.log"))) {
            try (var lines = Files.lines(log)) {
                lines.filter(line -> unfinished.stream().anyMatch(line::contains)
                        || (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"))
                                && !line.contains("DefaultStandbyTaskAssignor"))
                        .limit(400).forEach(line -> System.out.println("[two-instances] " + log.getFileName() + ": "
                                + line));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                System.out.println("[two-instances] " + log + " unreadable: " + e);
            }
        }
    }

    /** A field of the survivor's answer, or null when it has none (503, or not JSON). */
    private static String field(String id, String name) {
        try {
            return answer(firstUrl, id).jsonPath().getString(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String described(String baseUrl, String id) {
        try {
            Response response = answer(baseUrl, id);
            return response.statusCode() + " served by " + response.header(RequestsResource.SERVED_BY_HEADER) + " "
                    + response.asString();
        } catch (RuntimeException e) { // the killed instance
            return "no answer: " + e;
        }
    }

    private static Response answer(String baseUrl, String id) {
        return api(baseUrl).get("/v1/requests/" + id);
    }

    private static io.restassured.specification.RequestSpecification api(String baseUrl) {
        return given().baseUri(baseUrl).header("X-API-Key", KEY);
    }

    private static String address(String url) {
        return url.substring("http://".length());
    }

    private static Map<String, String> properties(Path stateDir, int httpPort) {
        Map<String, String> p = ReelayProcess.peer(broker, simulator, PARTITIONS, stateDir, httpPort, KEY);
        // A standby copy of each store on the other instance, so a takeover does not replay from scratch.
        p.put("kafka-streams.num.standby.replicas", "1");
        return p;
    }
}
