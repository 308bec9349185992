package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.reelay.testing.broker.EmbeddedKafkaBroker;
import io.reelay.testing.process.ChildJvm;
import io.reelay.testing.process.Ports;

/**
 * The client examples of {@code examples/} run as their READMEs say, against the packaged demo ({@link DemoMain} in a
 * JVM of its own: broker, simulator, S3 server and the service in its demo profile). Each client publishes a JSON
 * and an Avro request and must print both completions with the video fetched from its stored copy; each webhook
 * receiver must verify the service's signed deliveries of its client's outcomes, and refuse a real delivery that was
 * tampered with, signed under another secret, or replayed after its timestamp's tolerance.
 *
 * <p>
 * Needs Debian's {@code python3-confluent-kafka} and {@code python3-avro} for {@code /usr/bin/python3}, Node.js, and
 * {@code npm ci} run in {@code examples/node}; {@code .ci/run} installs them. Without them it fails, saying what is
 * missing, unless {@code -Dreelay.examples.skip-missing=true} (local runs only) makes it skip.
 */
class ClientExamplesIT {

    static final String SKIP_MISSING = "reelay.examples.skip-missing";
    /** The demo profile's callback secret, which both receivers default to. */
    private static final String DEMO_SECRET = "whsec_cmVlbGF5LWRlbW8tb25seS13ZWJob29rLXNlY3JldCE=";
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path EXAMPLES = Path.of("examples").toAbsolutePath();
    private static final Path WORK = Path.of("target/client-examples").toAbsolutePath();
    private static final Duration CLIENT_WITHIN = Duration.ofMinutes(3);
    private static final Duration DELIVERY_WITHIN = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Child demo;
    private static String kafka;
    private static String reelay;
    private static HttpServer capture;
    private static final CompletableFuture<Delivery> CAPTURED = new CompletableFuture<>();
    private static final List<Child> RECEIVERS = new ArrayList<>();

    /** One webhook delivery as it arrived: headers and raw body. */
    record Delivery(String id, String timestamp, String signature, byte[] body) {
    }

    /** One example: its directory, how its client and receiver are started, the prefix of its request ids. */
    record Example(String name, Path dir, List<String> client, List<String> receiver, String idPrefix) {
    }

    private static final Example PYTHON_EXAMPLE = new Example("python", EXAMPLES.resolve("python"),
            List.of(PYTHON, "client.py"), List.of(PYTHON, "receiver.py"), "py-");
    private static final Example NODE_EXAMPLE = new Example("node", EXAMPLES.resolve("node"),
            List.of("node", "client.js"), List.of("node", "receiver.js"), "node-");

    @BeforeAll
    static void startTheDemo() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the packaged service (built by ./mvnw package) is needed");
        requireTheExamplesRuntimes();
        EmbeddedKafkaBroker.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        // The demo runs the service jar of the target dir it is given: this run's own dir, so a demo the developer
        // runs meanwhile keeps its data.
        Files.createSymbolicLink(WORK.resolve("quarkus-app"), jar.getParent());
        int httpPort = Ports.free();
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.javaExecutable(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), DemoMain.class.getName(), WORK.toString());
        builder.environment().putAll(Map.of("REELAY_DEMO_KAFKA_PORT", "0", "REELAY_DEMO_HTTP_PORT",
                Integer.toString(httpPort), "REELAY_DEMO_SIMULATOR_PORT", "0", "REELAY_DEMO_S3_PORT", "0"));
        demo = Child.start(builder, WORK.resolve("demo.log"));
        String ready = demo.awaitLine("Reelay demo ready", Duration.ofMinutes(3));
        Matcher port = Pattern.compile("Kafka localhost:(\\d+)").matcher(ready);
        assertThat(port.find()).as(ready).isTrue();
        kafka = "localhost:" + port.group(1);
        reelay = "http://localhost:" + httpPort;

        capture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        capture.createContext("/", exchange -> {
            var headers = exchange.getRequestHeaders();
            CAPTURED.complete(new Delivery(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        capture.start();
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException {
        for (Child receiver : RECEIVERS) {
            receiver.stop(Duration.ofSeconds(5));
        }
        if (capture != null) {
            capture.stop(0);
        }
        if (demo != null) {
            demo.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void thePythonClientGetsBothOutcomesAndItsReceiverVerifiesTheirWebhooks() throws Exception {
        clientGetsBothOutcomesAndItsReceiverVerifiesTheirWebhooks(PYTHON_EXAMPLE);
    }

    @Test
    void theNodeClientGetsBothOutcomesAndItsReceiverVerifiesTheirWebhooks() throws Exception {
        clientGetsBothOutcomesAndItsReceiverVerifiesTheirWebhooks(NODE_EXAMPLE);
    }

    @Test
    void bothReceiversRefuseARealDeliveryTamperedWithSignedElsewhereOrReplayedLate() throws Exception {
        // A real delivery from the service: a request of this test's own, calling back the capturing endpoint.
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(reelay + "/v1/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"veo3.1-fast\",\"prompt\":\"A kite\","
                        + "\"callback_url\":\"http://127.0.0.1:" + capture.getAddress().getPort() + "/capture\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        Delivery real = CAPTURED.get(DELIVERY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        String body = new String(real.body(), StandardCharsets.UTF_8);
        String requestId = body.replaceAll("(?s).*\"request_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        for (Example example : List.of(PYTHON_EXAMPLE, NODE_EXAMPLE)) {
            Receiver receiver = startReceiver(example);
            String late = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
            String other = "whsec_" + Base64.getEncoder().encodeToString(
                    "some other endpoint's secret key".getBytes(StandardCharsets.US_ASCII));

            assertThat(receiver.post(real)).as(example.name() + ": the real delivery").isEqualTo(204);
            assertThat(receiver.post(new Delivery(real.id(), real.timestamp(), real.signature(),
                    body.replace(requestId, requestId + "-x").getBytes(StandardCharsets.UTF_8))))
                    .as(example.name() + ": its body changed").isEqualTo(401);
            assertThat(receiver.post(new Delivery(real.id(), real.timestamp(),
                    sign(other, real.id(), real.timestamp(), real.body()), real.body())))
                    .as(example.name() + ": signed under another secret").isEqualTo(401);
            assertThat(receiver.post(new Delivery(real.id(), late, sign(DEMO_SECRET, real.id(), late, real.body()),
                    real.body()))).as(example.name() + ": validly signed, 10 minutes old").isEqualTo(401);

            List<String> lines = receiver.awaitLines(4);
            assertThat(lines.get(0)).startsWith("VERIFIED  " + real.id() + " video.completed " + requestId);
            assertThat(lines.get(1)).isEqualTo("REJECTED  " + real.id() + ": no valid signature");
            assertThat(lines.get(2)).isEqualTo("REJECTED  " + real.id() + ": no valid signature");
            assertThat(lines.get(3)).startsWith("REJECTED  " + real.id() + ": timestamp " + late);
        }
    }

    private static void clientGetsBothOutcomesAndItsReceiverVerifiesTheirWebhooks(Example example) throws Exception {
        Receiver receiver = startReceiver(example);
        List<String> command = new ArrayList<>(example.client());
        command.addAll(List.of("--kafka", kafka, "--reelay", reelay, "--callback-url", receiver.url()));
        Child client = Child.start(new ProcessBuilder(command).directory(example.dir().toFile()),
                log(example.name() + "-client"));
        assertThat(client.process().waitFor(CLIENT_WITHIN.toSeconds(), TimeUnit.SECONDS))
                .as("the client ended within " + CLIENT_WITHIN).isTrue();
        String output = Files.readString(client.log());

        assertThat(client.process().exitValue()).as(output).isZero();
        Matcher published = Pattern.compile("Published (" + example.idPrefix() + "\\w+)-json \\(JSON\\) and \\1-avro "
                + "\\(Avro\\) to video.requests").matcher(output);
        assertThat(published.find()).as(output).isTrue();
        String run = published.group(1);
        // The video each event names, fetched from the copy the demo stored (its S3 server, bucket reelay-videos).
        for (String id : List.of(run + "-json", run + "-avro")) {
            assertThat(output).as(output).containsPattern("COMPLETED " + id + " \\S+ -> [1-9]\\d{3,} bytes from the "
                    + "stored copy http://127\\.0\\.0\\.1:\\d+/reelay-videos/videos/" + id + "/0\\.mp4");
        }
        // The service called the receiver back for both, signed, and it verified both.
        await().atMost(DELIVERY_WITHIN).untilAsserted(() -> assertThat(receiver.lines())
                .anySatisfy(line -> assertThat(line).matches("VERIFIED  msg_\\S+ video.completed " + run + "-json"))
                .anySatisfy(line -> assertThat(line).matches("VERIFIED  msg_\\S+ video.completed " + run + "-avro")));
        assertThat(receiver.lines()).noneMatch(line -> line.startsWith("REJECTED"));
    }

    /** A receiver of the example's on a port of its own, once it listens. */
    private static Receiver startReceiver(Example example) throws IOException {
        int port = Ports.free();
        List<String> command = new ArrayList<>(example.receiver());
        command.addAll(List.of("--port", Integer.toString(port)));
        Child receiver = Child.start(new ProcessBuilder(command).directory(example.dir().toFile()),
                log(example.name() + "-receiver-" + port));
        RECEIVERS.add(receiver);
        receiver.awaitLine("Listening on", Duration.ofSeconds(30));
        return new Receiver("http://127.0.0.1:" + port + "/webhook", receiver.log());
    }

    /** A running receiver: where it listens, and what it printed after its listening line. */
    record Receiver(String url, Path log) {

        List<String> lines() throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("VERIFIED") || line.startsWith("REJECTED")).toList();
        }

        List<String> awaitLines(int count) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines().size() >= count);
            try {
                return lines();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * On a connection of its own: the Python receiver answers HTTP/1.0 and closes each connection, and a client
         * that pooled the previous one could send the next request on a socket already closed (EOF, no answer).
         */
        int post(Delivery delivery) throws IOException, InterruptedException {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                    .header("webhook-id", delivery.id()).header("webhook-timestamp", delivery.timestamp())
                    .header("webhook-signature", delivery.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String sign(String secret, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static Path log(String name) {
        return WORK.resolve(name + ".log");
    }

    /**
     * A program whose output goes straight to a file (no buffer in this JVM, so each line the examples flush is there
     * at once), read while it runs.
     */
    record Child(Process process, Path log) {

        static Child start(ProcessBuilder builder, Path log) throws IOException {
            return new Child(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        }

        /** The first line containing {@code marker}, once the program has printed it. */
        String awaitLine(String marker, Duration within) {
            String[] found = new String[1];
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                found[0] = Files.readAllLines(log).stream().filter(line -> line.contains(marker)).findFirst()
                        .orElse(null);
                assertThat(process.isAlive() || found[0] != null).as("ended before printing " + marker + "; see "
                        + log).isTrue();
                return found[0] != null;
            });
            return found[0];
        }

        /** SIGTERM, then SIGKILL after {@code grace}. */
        void stop(Duration grace) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * CI installs what the examples need (.ci/run); a machine without it fails here, saying what to install, unless
     * the developer explicitly skips the examples.
     */
    private static void requireTheExamplesRuntimes() throws InterruptedException {
        List<String> missing = new ArrayList<>();
        if (!succeeds(new ProcessBuilder(PYTHON, "-c", "import confluent_kafka, avro.io"))) {
            missing.add("Debian's python3-confluent-kafka and python3-avro for " + PYTHON
                    + " (apt-get install -y python3-confluent-kafka python3-avro)");
        }
        if (!succeeds(new ProcessBuilder("node", "-e", "import('kafkajs').then(() => import('avsc'))")
                .directory(NODE_EXAMPLE.dir().toFile()))) {
            missing.add("Node.js with kafkajs and avsc (npm ci in examples/node)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "The client examples cannot run: missing " + String.join("; ", missing)
                + ". .ci/run installs them; to skip this test on a machine without them: -D" + SKIP_MISSING + "=true";
        if (Boolean.getBoolean(SKIP_MISSING)) {
            Assumptions.abort(message);
        }
        fail(message);
    }

    private static boolean succeeds(ProcessBuilder builder) throws InterruptedException {
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such program
        }
    }
}
