package io.reelay.kafka.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.config.ReelayConfig;

/**
 * The two calls of the Confluent Schema Registry REST API that a serde needs, against any registry that serves it
 * (Confluent Schema Registry, Apicurio Registry under {@code /apis/ccompat/v7}, Karapace, Redpanda):
 * <ul>
 * <li>{@code POST /subjects/{subject}/versions}: register a schema under a subject, or find it there (registering
 * the same schema again is answered with its existing id), and get its id;</li>
 * <li>{@code GET /schemas/ids/{id}}: the schema with an id.</li>
 * </ul>
 * Both answers are cached for the life of the client (an id never changes meaning). Registration is blocking
 * (start-up, and the first write to a topic): connection failures, 5xx and 429 answers are retried with back-off
 * until {@code timeout} has passed, then reported as {@link SchemaRegistryUnavailableException}; any other refusal
 * (incompatible schema, no permission) is a {@link SerializationException} at once, with the registry's own message.
 *
 * <p>Schemas by id are for readers, which must never wait: {@link #lookups()} looks them up in the background.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_CALL = Duration.ofSeconds(10);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(100);
    /** The largest schema answer read; a registry's answer beyond it is refused (a schema is a few KiB). */
    static final int MAX_SCHEMA_ANSWER = 4 * 1024 * 1024;

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final SchemaLookups lookups;

    /**
     * @param baseUrl the API's base URL, e.g. {@code http://registry:8080/apis/ccompat/v7} (Apicurio) or
     *     {@code http://schema-registry:8081} (Confluent)
     * @param timeout how long one registration may take, retries included; one lookup attempt takes at most this
     *     (and at most 10 s)
     * @param lookupSettings how schema ids read from records are looked up in the background
     */
    public SchemaRegistryClient(URI baseUrl, Duration timeout, ReelayConfig.Serialization.Lookups lookupSettings) {
        String url = baseUrl.toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(min(timeout, MAX_CALL)).build();
        this.lookups = new SchemaLookups(this, lookupSettings);
    }

    /** Schemas by id for readers, never blocking: cached, or looked up in the background. */
    public SchemaLookups lookups() {
        return lookups;
    }

    /** The API's base URL, as configured. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Registers the schema under the subject, or finds it there, and returns its id. The registry's compatibility
     * rules apply: a schema the subject's policy refuses is a {@link SerializationException} naming why.
     */
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        String key = subject + '\u0000' + text;
        Integer known = idsBySubjectAndSchema.get(key);
        if (known != null) {
            return known;
        }
        String body;
        try {
            body = json.writeValueAsString(Map.of("schema", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + pathSegment(subject)
                + "/versions")).POST(HttpRequest.BodyPublishers.ofString(body)), "register " + schema.getFullName()
                + " under subject " + subject);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SerializationException("The schema registry at " + baseUrl + " answered the registration of "
                    + subject + " without an id: " + answer);
        }
        int value = id.intValue();
        // We know the schema behind this id: reading our own records never needs a lookup.
        schemasById.putIfAbsent(value, schema);
        idsBySubjectAndSchema.put(key, value);
        return value;
    }

    /** The schema with this id if this client has it (registered by it, or looked up before); never calls. */
    Schema cached(int id) {
        return schemasById.get(id);
    }

    /** What one lookup of a schema id answered. */
    sealed interface Answer {
        /** The registry has the schema. */
        record Found(Schema schema) implements Answer {
        }

        /** The registry says there is no such id, or it is not an Avro schema Reelay can read: permanent. */
        record Missing(String why) implements Answer {
        }

        /** No answer, or one that may change (5xx, 429, time-out, no permission yet): try again later. */
        record Failed(String why) implements Answer {
        }
    }

    /**
     * One attempt (no retry: {@link SchemaLookups} retries with back-off) to get the schema with this id, taking at
     * most the client's timeout (and at most 10 s). Blocking: never called on a stream thread.
     */
    Answer fetch(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return new Answer.Found(known);
        }
        HttpResponse<InputStream> response;
        String body;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).GET()
                    .timeout(min(positive(timeout), MAX_CALL))
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_SCHEMA_ANSWER + 1);
                if (bytes.length > MAX_SCHEMA_ANSWER) {
                    return new Answer.Failed("answer larger than " + MAX_SCHEMA_ANSWER + " bytes");
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return new Answer.Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Failed("interrupted");
        }
        int status = response.statusCode();
        if (status == 404) {
            return new Answer.Missing("HTTP 404 " + message(body));
        }
        if (status / 100 != 2) {
            return new Answer.Failed("HTTP " + status + " " + message(body));
        }
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new Answer.Failed("an answer that is not JSON");
        }
        JsonNode type = answer == null ? null : answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            return new Answer.Missing("a " + message(type.asText()) + " schema, not Avro");
        }
        JsonNode text = answer == null ? null : answer.get("schema");
        if (text == null || !text.isTextual()) {
            return new Answer.Failed("an answer without a schema");
        }
        try {
            Schema schema = new Schema.Parser().parse(text.textValue());
            Schema previous = schemasById.putIfAbsent(id, schema);
            return new Answer.Found(previous == null ? schema : previous);
        } catch (RuntimeException e) {
            // SchemaParseException, and whatever else a hostile schema text makes the parser throw.
            return new Answer.Missing("not a valid Avro schema: " + message(String.valueOf(e.getMessage())));
        }
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = FIRST_BACKOFF;
        String lastFailure;
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            try {
                HttpResponse<String> response = http.send(request.copy()
                        .timeout(min(positive(left), MAX_CALL))
                        .header("Accept", CONTENT_TYPE + ", application/json")
                        .header("Content-Type", CONTENT_TYPE)
                        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return json.readTree(response.body());
                }
                lastFailure = "HTTP " + status + " " + message(response.body());
                if (status != 429 && status / 100 != 5) {
                    throw new SerializationException("The schema registry at " + baseUrl + " refused to " + what
                            + ": " + lastFailure);
                }
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while trying to " + what, e);
            }
            long sleep = backoff.toNanos();
            // No attempt with less than MIN_ATTEMPT left: it would only time out and hide the registry's answer.
            if (deadline - System.nanoTime() - sleep < MIN_ATTEMPT.toNanos()) {
                throw new SchemaRegistryUnavailableException("The schema registry at " + baseUrl + " did not let us "
                        + what + " within " + timeout + "; last answer: " + lastFailure, null);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while trying to " + what, e);
            }
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
    }

    /** The registry's {@code message} from an error body, else the body itself, shortened. */
    private String message(String body) {
        String text = body == null ? "" : body;
        try {
            JsonNode error = json.readTree(text);
            if (error != null && error.hasNonNull("message")) {
                text = "(" + error.path("error_code").asText("?") + ") " + error.get("message").asText();
            }
        } catch (JsonProcessingException notJson) {
            // the raw body
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String pathSegment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration positive(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }
}
