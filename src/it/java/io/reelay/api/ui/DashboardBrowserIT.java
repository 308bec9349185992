package io.reelay.api.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.reelay.testing.broker.KafkaBrokerResource;
import io.reelay.testing.process.SimulatorProcess;
import io.reelay.testing.storage.S3Server;
import io.restassured.RestAssured;

/**
 * The dashboard in a real browser: a real broker, the simulator, an S3 server and the service, and
 * {@code src/browser-test/dashboard.test.js} driving Debian's chromium (headless) through playwright-core. It needs
 * {@code /usr/bin/chromium} (Debian's {@code chromium}) and {@code npm ci --prefix src/browser-test}; without them it
 * fails saying so. Screenshots go to {@code target/browser-test/}.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(DashboardBrowserIT.StorageAndSimulator.class)
class DashboardBrowserIT {

    static final Path SCRIPT_DIR = Path.of("src", "browser-test");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path SHOTS = Path.of("target", "browser-test");
    /** The model the cancelled request uses: its simulated task runs long enough to be cancelled while it runs. */
    static final String SLOW_MODEL = "veo3.1";
    static final String KEY = "test-writer-key";

    /** Its own S3 server and simulator: short tasks, one slow model, links that live an hour. */
    public static class StorageAndSimulator implements QuarkusTestResourceLifecycleManager {
        private S3Server s3;
        private SimulatorProcess simulator;

        @Override
        public Map<String, String> start() {
            s3 = S3Server.start();
            try {
                simulator = SimulatorProcess.start(List.of("--default-duration=PT2S",
                        "--model-durations.\"" + SLOW_MODEL + "\"=PT600S"), Path.of("target", "dashboard-it-simulator.log"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the simulator", e);
            }
            return Map.of("reelay.storage.enabled", "true",
                    "reelay.storage.endpoint", s3.endpoint().toString(),
                    "reelay.tokenlab.base-url", simulator.tokenLabBaseUrl(),
                    "reelay.hub.base-url", simulator.hubBaseUrl());
        }

        @Override
        public int order() {
            return 100;
        }

        @Override
        public void stop() {
            try {
                if (simulator != null) {
                    simulator.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (s3 != null) {
                    s3.close();
                }
            }
        }
    }

    @Test
    void anOperatorWatchesPlaysSubmitsCancelsAndIsNotFooledByHostileRequests() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Debian's chromium at %s: install it with "
                + "`apt-get install -y chromium` (or set CHROMIUM to its path)", CHROMIUM).isTrue();
        assertThat(Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("playwright-core")))
                .as("playwright-core under %s: run `npm ci --prefix %s`", SCRIPT_DIR, SCRIPT_DIR).isTrue();

        List<String> samples = new ArrayList<>();
        for (String prompt : List.of("A lighthouse at dusk", "A red fox in snow", "Rain on a tin roof")) {
            samples.add(post("{\"model\":\"veo3.1-fast\",\"prompt\":\"" + prompt + "\"}"));
        }
        String slow = post("{\"model\":\"" + SLOW_MODEL + "\",\"prompt\":\"A very slow sunrise\"}");

        Files.createDirectories(SHOTS);
        try (var old = Files.list(SHOTS)) {
            for (Path file : old.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.delete(file); // only this run's screenshots are its artifacts
            }
        }
        Path output = SHOTS.resolve("dashboard.test.log");
        ProcessBuilder node = new ProcessBuilder("node", "dashboard.test.js").directory(SCRIPT_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        node.environment().putAll(Map.of("BASE_URL", "http://localhost:" + RestAssured.port, "API_KEY", KEY,
                "SAMPLE_IDS", String.join(",", samples), "LONG_ID", slow, "CHROMIUM", CHROMIUM.toString(),
                "SCREENSHOTS", SHOTS.toAbsolutePath().toString()));
        Process process;
        try {
            process = node.start();
        } catch (IOException e) {
            throw new AssertionError("node is not on the PATH (Node.js 18 or later is needed): " + e.getMessage(), e);
        }
        boolean ended = process.waitFor(Duration.ofMinutes(6).toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as("the browser test ended within 6 minutes:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("the browser test's exit code:%n%s", log).isZero();
        assertThat(log).contains("PASS  the list shows the sample requests reaching completed",
                "PASS  a request's page plays its video",
                "PASS  the form refuses an invalid request with the field's error",
                "PASS  the form submits a valid request, which then appears in the list",
                "PASS  cancel works",
                "PASS  a request holding script and onerror payloads is shown as text and runs nothing",
                "DASHBOARD-TEST OK");
        for (String shot : List.of("list", "request", "form-refused", "cancelled", "hostile-request")) {
            assertThat(SHOTS.resolve(shot + ".png")).as("screenshot " + shot).isNotEmptyFile();
        }
        // The list the page read, over the API: the key's own requests, not another key's; bad parameters refused.
        List<String> listed = given().header("X-API-Key", KEY).get("/v1/requests?status=completed&limit=200").then()
                .statusCode(200).extract().jsonPath().getList("data.request_id");
        assertThat(listed).containsAll(samples).doesNotContain(slow);
        assertThat(given().header("X-API-Key", "test-other-writer-key").get("/v1/requests?limit=200").then()
                .statusCode(200).extract().jsonPath().<String>getList("data.request_id"))
                .as("another key's list").doesNotContainAnyElementsOf(samples);
        assertThat(given().header("X-API-Key", KEY).get("/v1/requests?limit=0").then().statusCode(400).extract()
                .jsonPath().<String>getList("error.validation_errors.field")).containsExactly("limit");
        // What the page showed, the API says too: the cancelled request ended cancelled.
        assertThat(given().header("X-API-Key", KEY).get("/v1/requests/" + slow).then().statusCode(200).extract()
                .jsonPath().getString("failure.reason")).isEqualTo("cancelled");
    }

    private static String post(String json) {
        String id = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("X-API-Key", KEY).contentType("application/json")
                .body(json.replaceFirst("\\{", "{\"request_id\":\"" + id + "\","))
                .post("/v1/requests").then().statusCode(202);
        return id;
    }
}
