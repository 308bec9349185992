package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.config.ReelayConfig;
import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.Topics;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoOutput;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The tracker against hostile records, through the whole topology: thousands of generated records on every topic
 * it reads (random bytes; truncated, bit-flipped and length-bomb Avro; JSON bombs; wrong types and nulls in every
 * field; oversized fields; hostile keys and headers; URL-policy evasions in every URL-bearing field, unknown ones
 * included; hostile cancellations; foreign video.tasks records), with valid requests mixed in. For each record: no
 * exception escapes, it has exactly one outcome, every record written is within the size limit, and nothing is
 * submitted for it. At the end every valid control has completed.
 */
class HostileInputPropertiesIT {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final ReelayConfig SETTINGS = TrackerTestConfig.fixedPolling()
            .set(c -> c.submitter().concurrency(), 64).build();
    /** The producer's default max.request.size: no record the tracker writes may come near it. */
    private static final int PRODUCER_LIMIT = 1024 * 1024;
    private static final AvroSerde<VideoRequested> REQUESTS = AvroSerde.of(VideoRequested.class);
    private static final AvroSerde<VideoTaskEvent> TASKS = AvroSerde.of(VideoTaskEvent.class);

    private final ScriptedProvider upstream = new ScriptedProvider();
    private final List<VideoTaskEvent> outcomes = new CopyOnWriteArrayList<>();
    private final Set<String> controls = new HashSet<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requestsIn;
    private TestInputTopic<String, byte[]> cancellationsIn;
    private TestInputTopic<String, byte[]> tasksInRaw;
    private TestInputTopic<String, byte[]> reroutedIn;
    private TestInputTopic<String, VideoTaskEvent> tasksIn;
    private TestOutputTopic<byte[], byte[]> tasksOut;
    private TestOutputTopic<byte[], byte[]> completed;
    private TestOutputTopic<byte[], byte[]> failed;
    private TestOutputTopic<byte[], byte[]> dlq;
    private int records;
    private int sequence;

    @BeforeProperty
    void start() throws Exception {
        Path stateDir = Files.createTempDirectory("hostile-input");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hostile-input");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        var intake = new RequestIntake(new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation()));
        upstream.acceptingSubmits();
        upstream.defaultAnswer = new TaskReport(UpstreamStatus.COMPLETED, "completed", 100,
                List.of(new VideoOutput("https://cdn.example/v.mp4", 5.0, 1280, 720, null, "video/mp4", "v.mp4", 1000L)),
                null, false, T0);
        driver = new TopologyTestDriver(TrackerTopology.buildTopology(SETTINGS, new TrackerServices(intake,
                name -> "tokenlab".equals(name) || "hub".equals(name) ? upstream : null, this::record,
                new TrackerMetrics(new SimpleMeterRegistry()))), props, T0);
        requestsIn = driver.createInputTopic(Topics.REQUESTS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        cancellationsIn = driver.createInputTopic(Topics.CANCELLATIONS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksInRaw = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksIn = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(),
                SignedTasks.signed(TASKS.serializer()));
        reroutedIn = driver.createInputTopic(Topics.REROUTED, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        tasksOut = output(Topics.TASKS);
        completed = output(Topics.COMPLETED);
        failed = output(Topics.FAILED);
        dlq = output(Topics.REQUESTS_DLQ);
    }

    private TestOutputTopic<byte[], byte[]> output(String topic) {
        return driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterProperty
    void everyControlCompletes() {
        try {
            for (int i = 0; i < 5; i++) {
                settle();
                driver.advanceWallClockTime(Duration.ofSeconds(6));
            }
            drain();
            assertThat(completedKeys).as("every valid control completed").containsAll(controls);
            assertThat(records).as("records generated").isGreaterThanOrEqualTo(2_000);
        } finally {
            driver.close();
        }
    }

    /** One hostile record: exactly one outcome, bounded outputs, no upstream call. */
    @Property(tries = 10_000)
    void aHostileRecordHasExactlyOneOutcomeAndCostsNothing(@ForAll("hostile") Hostile input) {
        records++;
        int submitsBefore = upstream.submits.size();
        input.pipe(this);
        Outputs out = drain();
        assertThat(out.outcomes()).as("outcomes of %s", input).isEqualTo(1);
        settle();
        assertThat(upstream.submits.size()).as("upstream calls for %s", input).isEqualTo(submitsBefore);
        if (++sequence % 25 == 0) {
            control();
        }
    }

    // ------------------------------------------------------------------ the generators

    /** A hostile record and where it goes. */
    record Hostile(String kind, String topic, String key, byte[] value, Headers headers) {

        void pipe(HostileInputPropertiesIT test) {
            TestRecord<String, byte[]> record = new TestRecord<>(key, value, headers, T0);
            switch (topic) {
                case Topics.REQUESTS -> test.requestsIn.pipeInput(record);
                case Topics.CANCELLATIONS -> test.cancellationsIn.pipeInput(record);
                case Topics.REROUTED -> test.reroutedIn.pipeInput(record);
                default -> test.tasksInRaw.pipeInput(record);
            }
        }

        @Override
        public String toString() {
            return kind + " on " + topic + " (key " + RecordLimits.quote(key) + ", "
                    + (value == null ? "no value" : value.length + " bytes") + ")";
        }
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, randomBytes()),
                net.jqwik.api.Tuple.of(3, corruptAvro()),
                net.jqwik.api.Tuple.of(1, lengthBombs()),
                net.jqwik.api.Tuple.of(3, jsonBombs()),
                net.jqwik.api.Tuple.of(4, wrongTypes()),
                net.jqwik.api.Tuple.of(2, oversized()),
                net.jqwik.api.Tuple.of(3, hostileKeys()),
                net.jqwik.api.Tuple.of(2, hostileHeaders()),
                net.jqwik.api.Tuple.of(5, urlEvasions()),
                net.jqwik.api.Tuple.of(2, unknownFields()),
                net.jqwik.api.Tuple.of(2, cancellations()),
                net.jqwik.api.Tuple.of(3, foreignTaskRecords()),
                net.jqwik.api.Tuple.of(2, forgedMoves()));
    }

    private Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(4).ofMaxLength(24)
                .map(s -> "h-" + s + "-" + Long.toHexString(System.nanoTime()));
    }

    private static Headers json() {
        return new RecordHeaders().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
    }

    private Arbitrary<Hostile> randomBytes() {
        return Combinators.combine(ids(), Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2_000),
                Arbitraries.of(true, false)).as((id, bytes, asJson) -> new Hostile("random bytes", Topics.REQUESTS,
                        id, bytes, asJson ? json() : new RecordHeaders()));
    }

    private Arbitrary<Hostile> corruptAvro() {
        return Combinators.combine(ids(), Arbitraries.integers().between(0, 10_000), Arbitraries.of(true, false))
                .as((id, at, truncate) -> {
                    byte[] valid = REQUESTS.encode(validRequest(id));
                    int i = at % valid.length;
                    byte[] bad = truncate ? java.util.Arrays.copyOf(valid, i) : valid.clone();
                    if (!truncate) {
                        bad[i] ^= (byte) (1 << (at % 8));
                        if (java.util.Arrays.equals(bad, valid)) {
                            bad[i] ^= 1;
                        }
                    }
                    // A flip can leave a valid request with another id or field: only refusals are asserted below,
                    // so the flipped record is given a forbidden URL that survives any single flip elsewhere.
                    return new Hostile(truncate ? "truncated Avro" : "bit-flipped Avro", Topics.REQUESTS, id,
                            truncate ? bad : flipKeepingItRefused(id, at), new RecordHeaders());
                });
    }

    /** A bit flip of a request that is refused for two independent reasons: no single flip can make it valid. */
    private static byte[] flipKeepingItRefused(String id, int at) {
        VideoRequested request = validRequest(id);
        request.setImageUrl("http://127.0.0.1/a.png");
        request.setVideoUrl("file:///etc/passwd");
        byte[] bytes = REQUESTS.encode(request);
        bytes[at % bytes.length] ^= (byte) (1 << (at % 8));
        return bytes;
    }

    private Arbitrary<Hostile> lengthBombs() {
        return Combinators.combine(ids(), Arbitraries.integers().between(0, 4), Arbitraries.of(Topics.REQUESTS,
                Topics.CANCELLATIONS)).as((id, field, topic) -> {
                    byte[] valid = REQUESTS.encode(validRequest(id));
                    // Keep the 10-byte single-object header, then declare a string, bytes, array or map of 2^31-1.
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    out.write(valid, 0, 10);
                    for (int i = 0; i < field; i++) {
                        zigzag(out, 3);
                        out.writeBytes("abc".getBytes(StandardCharsets.UTF_8));
                    }
                    zigzag(out, Integer.MAX_VALUE);
                    return new Hostile("Avro length bomb", topic, id, out.toByteArray(), new RecordHeaders());
                });
    }

    private static void zigzag(java.io.ByteArrayOutputStream out, long n) {
        long z = (n << 1) ^ (n >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }

    private Arbitrary<Hostile> jsonBombs() {
        Arbitrary<String> bombs = Arbitraries.of(
                "deep", "number", "bigint", "string", "duplicate", "nan", "deep-object", "unicode");
        return Combinators.combine(ids(), bombs, Arbitraries.integers().between(1, 5_000)).as((id, bomb, n) -> {
            String body = switch (bomb) {
                case "deep" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"p\",\"x\":"
                        + "[".repeat(n * 4) + "]".repeat(n * 4) + ",\"image_url\":\"http://10.0.0.1/\"}";
                case "deep-object" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"input\":"
                        + "{\"a\":".repeat(n) + "1" + "}".repeat(n) + ",\"prompt\":5}";
                case "number" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"p\",\"duration\":1e"
                        + (300 + n) + "}";
                case "bigint" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"p\",\"duration\":"
                        + "9".repeat(Math.min(n, 2_000)) + ",\"requested_at\":" + "9".repeat(30) + "}";
                case "string" -> "{\"request_id\":\"" + id + "\",\"model\":\"" + "m".repeat(n * 80)
                        + "\",\"prompt\":\"p\"}";
                case "duplicate" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"p\","
                        + "\"image_url\":\"https://ok.example/a.png\",\"image_url\":\"http://169.254.169.254/\"}";
                case "nan" -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"p\",\"duration\":NaN}";
                default -> "{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"\\ud800\\u0000\","
                        + "\"image_url\":\"https://\\u0000.example/\"}";
            };
            return new Hostile("JSON bomb " + bomb, Topics.REQUESTS, id, body.getBytes(StandardCharsets.UTF_8), json());
        });
    }

    private static final List<String> FIELDS = List.of("request_id", "model", "operation", "prompt", "image_url",
            "image", "reference_images", "reference_image_type", "start_image", "end_image", "video_url", "audio_url",
            "duration", "aspect_ratio", "resolution", "output_audio", "kling_elements", "metadata", "requested_at",
            "max_wait_seconds", "parameters", "input");

    private Arbitrary<Hostile> wrongTypes() {
        Arbitrary<String> wrong = Arbitraries.of("null", "12", "-1", "1.5", "true", "[]", "[1,2]", "{}",
                "{\"a\":{}}", "\"\"", "[null]", "9223372036854775807", "-9223372036854775808", "[{\"name\":7}]");
        return Combinators.combine(ids(), Arbitraries.of(FIELDS), wrong).as((id, field, value) -> {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            fields.put("request_id", "\"" + id + "\"");
            fields.put("model", "\"kling-3.0-video\"");
            fields.put("prompt", "\"p\"");
            // Refused twice over (two private URLs besides the wrong type), so that no replacement makes it valid.
            fields.put("video_url", "\"https://192.168.0.1/v.mp4\"");
            fields.put("start_image", "\"https://127.0.0.1/a.png\"");
            fields.put(field, value);
            if (field.equals("request_id")) {
                fields.remove("request_id"); // the key stands in; a wrong-typed id still has the key
                fields.put("request_id", value);
            }
            StringBuilder body = new StringBuilder("{");
            fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v));
            return new Hostile("wrong type in " + field, Topics.REQUESTS, id,
                    body.append('}').toString().getBytes(StandardCharsets.UTF_8), json());
        });
    }

    private Arbitrary<Hostile> oversized() {
        return Combinators.combine(ids(), Arbitraries.of("prompt", "model", "operation", "image_url", "metadata",
                "parameters", "reference_images", "kling_elements", "aspect_ratio"), Arbitraries.of(true, false))
                .as((id, field, avro) -> {
                    String big = "x".repeat(400_000);
                    VideoRequested r = validRequest(id);
                    switch (field) {
                        case "prompt" -> r.setPrompt(big);
                        case "model" -> r.setModel(big);
                        case "operation" -> r.setOperation(big);
                        case "image_url" -> r.setImageUrl("https://cdn.example/" + big);
                        case "metadata" -> {
                            Map<String, String> m = new java.util.HashMap<>();
                            for (int i = 0; i < 2_000; i++) {
                                m.put("k" + i, "v".repeat(200));
                            }
                            r.setMetadata(m);
                        }
                        case "parameters" -> r.setParameters(Map.of("seed", big));
                        case "reference_images" -> r.setReferenceImages(java.util.Collections.nCopies(5_000,
                                "https://cdn.example/a.png"));
                        case "kling_elements" -> r.setKlingElements(java.util.Collections.nCopies(2_000,
                                io.reelay.events.KlingElement.newBuilder().setName("e").setDescription(big.substring(0, 100))
                                        .setElementInputUrls(List.of("https://cdn.example/a.png")).build()));
                        default -> r.setAspectRatio(big);
                    }
                    return new Hostile("oversized " + field, Topics.REQUESTS, id, REQUESTS.encode(r),
                            new RecordHeaders());
                });
    }

    private Arbitrary<Hostile> hostileKeys() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(""),
                Arbitraries.just("k".repeat(400_000)),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().withChars("\r\n\t\u0000 \u2028").ofMinLength(1).ofMaxLength(10)
                        .map(s -> "id" + s),
                ids().map(id -> id + "-not-the-request-id"));
        return Combinators.combine(ids(), keys, Arbitraries.of(Topics.REQUESTS, Topics.CANCELLATIONS, Topics.TASKS))
                .as((id, key, topic) -> {
                    byte[] value = topic.equals(Topics.REQUESTS) ? REQUESTS.encode(validRequest(id))
                            : topic.equals(Topics.TASKS) ? TASKS.encode(intent(id)) : new byte[0];
                    return new Hostile("hostile key", topic, key, value, new RecordHeaders());
                }).filter(h -> h.key() == null || io.reelay.kafka.RequestIds.problem(h.key()) != null
                        || h.key().endsWith("-not-the-request-id"));
    }

    private Arbitrary<Hostile> hostileHeaders() {
        Arbitrary<String> contentTypes = Arbitraries.oneOf(
                Arbitraries.just("text/" + "x".repeat(100_000)),
                Arbitraries.strings().ofMaxLength(200).map(s -> "application/" + s),
                Arbitraries.just("application/json; charset=\u0000"));
        return Combinators.combine(ids(), contentTypes).as((id, type) -> {
            Headers headers = new RecordHeaders().add("content-type", type.getBytes(StandardCharsets.UTF_8))
                    .add("traceparent", "00-".concat("f".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
            return new Hostile("hostile content-type", Topics.REQUESTS, id, REQUESTS.encode(validRequest(id)),
                    headers);
        }).filter(h -> !new String(h.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8)
                .equals("application/json"));
    }

    /** The SSRF evasions a URL policy must see through, in every URL-bearing field. */
    static final List<String> EVASIONS = List.of(
            "http://169.254.169.254/latest/meta-data/", "https://169.254.169.254/", "file:///etc/passwd",
            "https://localhost./a.png", "https://LOCALHOST/a.png", "https://012.0.0.1/a.png", "https://0x7f.1/a.png",
            "https://2130706433/a.png", "https://127.1/a.png", "https://[::1]/a.png", "https://[::127.0.0.1]/a.png",
            "https://[::ffff:127.0.0.1]/a.png", "https://[64:ff9b::7f00:1]/a.png", "https://[2002:7f00:1::]/a.png",
            "https://198.18.0.1/a.png", "https://100.64.0.1/a.png", "https://10.0.0.1/a.png",
            "https://192.168.1.1./a.png", "https://[fe80::1]/a.png", "https://[fc00::1]/a.png",
            "https://kafka/a.png", "https://reelay.default.svc.cluster.local/a.png", "https://127.0.0.1.nip.io/a.png",
            "https://user:pass@cdn.example/a.png", "gopher://cdn.example/", "https://0.0.0.0/a.png",
            "https://[::]/a.png", "https://224.0.0.1/a.png", "https://255.255.255.255/a.png",
            "https://192.0.2.1/a.png", "https://[2001:db8::1]/a.png", "https://[::ffff:a9fe:a9fe]/a.png");

    private Arbitrary<Hostile> urlEvasions() {
        Arbitrary<String> fields = Arbitraries.of("image_url", "start_image", "end_image", "video_url", "audio_url",
                "reference_images", "image_urls", "callback_url", "webhook", "parameters.image_url",
                "parameters.callback_url", "input.image_url", "kling_elements");
        return Combinators.combine(ids(), fields, Arbitraries.of(EVASIONS), Arbitraries.of("veo3.1",
                "kling-3.0-video", "seedance-2.0", "wan-2.7")).as((id, field, url, model) -> {
                    String quoted = "\"" + url + "\"";
                    String value = switch (field) {
                        case "reference_images", "image_urls" -> "[" + quoted + "]";
                        case "kling_elements" -> "[{\"name\":\"e\",\"element_input_urls\":[" + quoted + "]}]";
                        default -> quoted;
                    };
                    String body;
                    if (field.contains(".")) {
                        String[] parts = field.split("\\.");
                        body = "{\"request_id\":\"" + id + "\",\"model\":\"" + model + "\",\"prompt\":\"a cat\",\""
                                + parts[0] + "\":{\"" + parts[1] + "\":" + value + "}}";
                    } else {
                        body = "{\"request_id\":\"" + id + "\",\"model\":\"" + model + "\",\"prompt\":\"a cat\",\""
                                + field + "\":" + value + "}";
                    }
                    return new Hostile("URL evasion in " + field + ": " + url, Topics.REQUESTS, id,
                            body.getBytes(StandardCharsets.UTF_8), json());
                });
    }

    private Arbitrary<Hostile> unknownFields() {
        return Combinators.combine(ids(), Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(20))
                .as((id, name) -> new Hostile("unknown field " + name, Topics.REQUESTS, id,
                        ("{\"request_id\":\"" + id + "\",\"model\":\"veo3.1\",\"prompt\":\"a cat\",\"zz_" + name
                                + "\":\"http://169.254.169.254/\"}").getBytes(StandardCharsets.UTF_8), json()));
    }

    private Arbitrary<Hostile> cancellations() {
        Arbitrary<byte[]> values = Arbitraries.oneOf(
                Arbitraries.just((byte[]) null),
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
                Arbitraries.just(("{\"reason\":\"" + "r".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just("{\"reason\":{\"deep\":[[[[]]]]}}".getBytes(StandardCharsets.UTF_8)));
        return Combinators.combine(ids(), values).as((id, value) -> new Hostile("cancellation", Topics.CANCELLATIONS,
                id, value, new RecordHeaders()));
    }

    private Arbitrary<Hostile> foreignTaskRecords() {
        return Combinators.combine(ids(), Arbitraries.of(VideoTaskEventType.values()), Arbitraries.of(true, false),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as((id, type, avro, junk) -> {
                    VideoTaskEvent event = VideoTaskEvent.newBuilder(intent(id)).setType(type)
                            .setUpstreamTaskId("t-" + id).setPollUrl("https://evil.example/x").build();
                    Headers headers = new RecordHeaders();
                    if (!avro) {
                        // Signed garbage: as if the key leaked; still never a request moved on or paid for.
                        TrackerGuards.forTests().signatures().sign(headers, junk);
                    }
                    return new Hostile("foreign " + type + (avro ? "" : " (signed junk)"), Topics.TASKS, id,
                            avro ? TASKS.encode(event) : junk, headers);
                });
    }

    /**
     * Records on video.rerouted that Reelay did not move there (only it may write the topic, but a broker without
     * ACLs lets anyone): no or a forged origin header, or a hostile request behind a genuine-looking one.
     */
    private Arbitrary<Hostile> forgedMoves() {
        Arbitrary<String> origins = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.of(Topics.TASKS, "", "x".repeat(5_000)), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.just(Topics.REQUESTS));
        return Combinators.combine(ids(), origins, Arbitraries.bytes().array(byte[].class).ofMaxSize(500))
                .as((id, origin, junk) -> {
                    Headers headers = new RecordHeaders();
                    if (origin != null) {
                        headers.add("reelay-rerouted-from", origin.getBytes(StandardCharsets.UTF_8));
                        headers.add("reelay-origin-partition", "not a number".getBytes(StandardCharsets.UTF_8));
                        headers.add("reelay-origin-offset", "-1".getBytes(StandardCharsets.UTF_8));
                    }
                    return new Hostile("forged move from " + RecordLimits.quote(origin), Topics.REROUTED, id, junk,
                            headers);
                });
    }

    // ------------------------------------------------------------------ driving the tracker

    private void control() {
        String id = "control-" + sequence + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        controls.add(id);
        requestsIn.pipeInput(id, REQUESTS.encode(validRequest(id)));
        Outputs out = drain();
        assertThat(out.intents()).as("control %s admitted", id).isEqualTo(1);
        settle();
        assertThat(upstream.submitsOf(id)).as("control %s submitted once", id).isEqualTo(1);
    }

    /** Reads back what the tracker wrote to video.tasks and what its submits answered, as Kafka would. */
    private void settle() {
        for (int round = 0; round < 4 && !(pendingReadBack.isEmpty() && outcomes.isEmpty()); round++) {
            List<VideoTaskEvent> own = new ArrayList<>(pendingReadBack);
            pendingReadBack.clear();
            own.addAll(outcomes);
            outcomes.clear();
            for (VideoTaskEvent e : own) {
                tasksIn.pipeInput(e.getRequestId(), e);
            }
            drain();
        }
    }

    private final List<VideoTaskEvent> pendingReadBack = new ArrayList<>();

    /** Completions are the controls' (a hostile record never gets one); they may land during any later step. */
    private final Set<String> completedKeys = new HashSet<>();

    private record Outputs(int dead, int failures, int intents) {
        int outcomes() {
            return dead + failures + intents;
        }
    }

    private Outputs drain() {
        int intents = 0;
        for (var r : tasksOut.readRecordsToList()) {
            assertBounded(r);
            VideoTaskEvent e = TASKS.decode(r.value());
            pendingReadBack.add(e);
            if (e.getType() == VideoTaskEventType.submitting) {
                intents++;
            }
        }
        int dead = 0;
        for (var r : dlq.readRecordsToList()) {
            assertBounded(r);
            dead++;
        }
        int failures = 0;
        for (var r : failed.readRecordsToList()) {
            assertBounded(r);
            AvroSerde.of(VideoFailed.class).decode(r.value());
            failures++;
        }
        for (var r : completed.readRecordsToList()) {
            assertBounded(r);
            AvroSerde.of(VideoCompleted.class).decode(r.value());
            assertThat(completedKeys.add(new String(r.key(), StandardCharsets.UTF_8))).as("one completion each")
                    .isTrue();
        }
        return new Outputs(dead, failures, intents);
    }

    private static void assertBounded(TestRecord<byte[], byte[]> r) {
        int headers = 0;
        for (var h : r.headers()) {
            headers += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length) + headers;
        assertThat(size).as("a record the tracker wrote").isLessThan(PRODUCER_LIMIT - 1024);
    }

    private io.smallrye.mutiny.Uni<Void> record(VideoTaskEvent outcome) {
        outcomes.add(outcome);
        return io.smallrye.mutiny.Uni.createFrom().voidItem();
    }

    static VideoRequested validRequest(String id) {
        return VideoRequested.newBuilder()
                .setRequestId(id)
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setPrompt("a cat in a garden")
                .setMetadata(Map.of("customer", "c-42"))
                .setRequestedAt(T0)
                .build();
    }

    private static VideoTaskEvent intent(String id) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(id)
                .setType(VideoTaskEventType.submitting)
                .setOccurredAt(T0)
                .setProvider("tokenlab")
                .setModel("veo3.1")
                .setOperation("text-to-video")
                .setRequest(validRequest(id))
                .build();
    }
}
