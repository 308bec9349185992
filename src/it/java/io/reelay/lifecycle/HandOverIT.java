package io.reelay.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.reelay.kafka.Topics;
import io.reelay.simulator.ChaosSettings;
import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.broker.TopicAdmin;
import io.reelay.testing.process.BrokerProcess;
import io.reelay.testing.process.Ports;
import io.reelay.testing.process.ReelayProcess;
import io.reelay.testing.process.SimulatorServer;
import io.restassured.http.ContentType;

/**
 * A graceful move is not a kill: requests keep arriving while a second instance joins (the first hands half its
 * partitions over) and then stops with SIGTERM (it hands them back). A request whose sending mark was committed but
 * not yet read back when its partition moved was never called by the process that wrote it; that process says so on
 * video.tasks ({@code unsent}) and the new owner submits it. The stopping instance grants no new submit and waits for
 * the calls under way (a quarter of the simulator's answers come 6 s late) to answer and be recorded before it closes. Every
 * request completes, each submitted once, none {@code submission_outcome_unknown}. The commit interval is five
 * seconds here (the default under exactly-once is 100 ms), so that a move finds marks standing uncalled; the logs say
 * how many were handed over, and what the stop waited for.
 */
class HandOverIT {

    private static final int PARTITIONS = 6;
    private static final String KEY = "hand-over-it-key";
    private static final Duration READY = Duration.ofMinutes(2);
    private static final Pattern HANDED = Pattern.compile("handed over with (\\d+) requests marked but never sent");
    private static final Pattern DRAINED = Pattern.compile("Stopping: no submit call left under way \\(waited (\\d+) ms\\)");

    private static BrokerProcess broker;
    private static SimulatorServer simulator;
    private static ReelayProcess first;
    private static ReelayProcess second;
    private static String firstUrl;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the packaged service (built by ./mvnw package) is needed");
        work = Path.of("target/hand-over");
        EmbeddedKafkaBroker.deleteRecursively(work);
        Files.createDirectories(work);
        broker = new BrokerProcess(Ports.free(), work.resolve("kafka-logs"), work.resolve("broker.log"));
        broker.start();
        TopicAdmin.createTopics(broker.bootstrapServers(), Topics.ALL, PARTITIONS);
        // A quarter of the calls answer 6 s late, longer than a commit interval: a stop finds submit calls under way.
        simulator = SimulatorServer.start(10_000, 100_000, new ChaosSettings(0, Duration.ofSeconds(1), 0, 0.25,
                Duration.ofSeconds(6), 0, 0, 0, 0, 42));
        int firstPort = Ports.free();
        int secondPort = Ports.free();
        first = new ReelayProcess(jar, properties(work.resolve("state-1"), firstPort), firstPort,
                work.resolve("first.log"));
        second = new ReelayProcess(jar, properties(work.resolve("state-2"), secondPort), secondPort,
                work.resolve("second.log"));
        firstUrl = "http://127.0.0.1:" + firstPort;
        first.start(READY);
    }

    @AfterAll
    static void stopAll() throws Exception {
        ReelayProcess.stopAll(java.util.Arrays.asList(first, second), simulator, broker);
    }

    @Test
    void requestsWhosePartitionMovesBetweenTheirMarkAndTheirCallAreSubmittedByTheNewOwnerOnce() throws Exception {
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> postFailed = new AtomicReference<>();
        // One request every 120 ms to the first instance, through both moves (what the CI machine drains in time).
        ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
        poster.scheduleAtFixedRate(() -> post(ids, postFailed), 0, 120, TimeUnit.MILLISECONDS);
        try {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> ids.size() >= 25);
            second.start(READY); // joins: the first hands it half the partitions
            // Once it submits (its calls under way, a quarter of them answering 6 s late), SIGTERM: it hands them back.
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> count(work.resolve("second.log"),
                    "submitted to") >= 10);
            second.stop();
            int atStop = ids.size();
            // Requests go on arriving while the first takes the partitions back.
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> ids.size() >= atStop + 25);
        } finally {
            poster.shutdown();
            poster.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(postFailed.get()).as("every request accepted").isNull();

        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(status(id)).as(id).isIn("completed", "failed");
            }
        });
        int handedOver = handedOver(work.resolve("first.log")) + handedOver(work.resolve("second.log"));
        System.out.println("[hand-over] " + ids.size() + " requests; marks handed over uncalled: " + handedOver);
        for (String id : ids) {
            var answer = api().get("/v1/requests/" + id);
            assertThat(answer.jsonPath().getString("status")).as(id + ": " + answer.asString()).isEqualTo("completed");
            assertThat(simulator.callLog().submitsFor(id)).as(id + " submitted once").isEqualTo(1);
        }
        assertThat(handedOver).as("the moves found marks standing uncalled (what this test is about)").isPositive();
        Matcher drained = DRAINED.matcher(Files.readString(work.resolve("second.log")));
        assertThat(drained.find()).as("the stop let the calls under way answer").isTrue();
        System.out.println("[hand-over] the stop waited " + drained.group(1) + " ms for the calls under way");
        assertThat(Long.parseLong(drained.group(1))).as("it found calls under way (what this test is about)")
                .isPositive();
    }

    /** How many lines of {@code log} contain {@code text}. */
    private static long count(Path log, String text) throws java.io.IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /** What the instances' logs say they handed over: the sum of the counts of every hand-over line. */
    private static int handedOver(Path log) throws java.io.IOException {
        int n = 0;
        try (var lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = HANDED.matcher(line);
                if (m.find()) {
                    n += Integer.parseInt(m.group(1));
                }
            }
        }
        return n;
    }

    private static String status(String id) {
        var response = api().get("/v1/requests/" + id);
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
    }

    /** Posts one request; a refusal is kept for the test to report (a scheduled task that throws just stops). */
    private static void post(List<String> ids, AtomicReference<Throwable> failed) {
        try {
            String id = "hand-" + ids.size() + "-" + UUID.randomUUID();
            api().contentType(ContentType.JSON)
                    .body("{\"request_id\":\"" + id + "\",\"model\":\"veo3.1-fast\",\"prompt\":\"Hand over\"}")
                    .post("/v1/requests").then().statusCode(202);
            ids.add(id);
        } catch (Throwable e) { // NOPMD: reported by the test
            failed.compareAndSet(null, e);
        }
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().baseUri(firstUrl).header("X-API-Key", KEY);
    }

    private static Map<String, String> properties(Path stateDir, int httpPort) {
        Map<String, String> p = ReelayProcess.peer(broker, simulator, PARTITIONS, stateDir, httpPort, KEY);
        // A mark stands until the next commit before it is read back: five seconds, so a move finds some standing.
        p.put("kafka-streams.commit.interval.ms", "5000");
        // Without the hand-over, a request caught by a move would end submission_outcome_unknown within the wait.
        p.put("reelay.tracker.submit-outcome-timeout", "PT20S");
        return p;
    }
}
