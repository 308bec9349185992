package io.reelay.testing.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-test stand-in for a schema registry's Confluent-compatible API, served over real HTTP on a free loopback
 * port under {@value #BASE_PATH} (where Apicurio Registry serves it). It answers the two calls Reelay makes as
 * Apicurio and Confluent do:
 * <ul>
 * <li>{@code POST /subjects/{subject}/versions}: ids by content (the same schema has the same id under every
 * subject; registering it again returns its id); BACKWARD compatibility with the subject's latest version enforced
 * (409 otherwise); 422 for a body that is not an Avro schema;</li>
 * <li>{@code GET /schemas/ids/{id}}: the schema, or 404 with error code 40403.</li>
 * </ul>
 * {@link #down(boolean)} makes it answer 503 to everything, as a registry that is restarting does.
 */
public final class FakeSchemaRegistry implements AutoCloseable {

    public static final String BASE_PATH = "/apis/ccompat/v7";
    private static final Pattern REGISTER = Pattern.compile(BASE_PATH + "/subjects/([^/]+)/versions");
    private static final Pattern BY_ID = Pattern.compile(BASE_PATH + "/schemas/ids/(-?\\d+)");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Integer> idsByContent = new LinkedHashMap<>();
    private final Map<Integer, String> contentById = new LinkedHashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean down;
    private int nextId = 1;

    private FakeSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeSchemaRegistry start() {
        try {
            return new FakeSchemaRegistry();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake schema registry", e);
        }
    }

    /** The API's base URL, as {@code reelay.serialization.registry-url} takes it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** While true, every call is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    /** The ids registered under the subject, oldest first. */
    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    /** Every subject with at least one version. */
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** The schema with this id, as the registry keeps it. */
    public synchronized Schema schema(int id) {
        String content = contentById.get(id);
        return content == null ? null : new Schema.Parser().parse(content);
    }

    /** Registers a schema as a producer would (outside the code under test); answers its id. */
    public synchronized int register(String subject, Schema schema) {
        Answer answer = registerContent(subject, schema.toString());
        if (answer.status() != 200) {
            throw new IllegalStateException(answer.body());
        }
        return idsByContent.get(new Schema.Parser().parse(schema.toString()).toString());
    }

    /** Registration calls received over HTTP. */
    public int registrations() {
        return registrations.get();
    }

    /** Lookups by id received over HTTP. */
    public int lookups() {
        return lookups.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer = answer(exchange);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        if (down) {
            return error(503, 50301, "registry unavailable");
        }
        String path = exchange.getRequestURI().getRawPath();
        Matcher register = REGISTER.matcher(path);
        if (register.matches() && "POST".equals(exchange.getRequestMethod())) {
            registrations.incrementAndGet();
            String subject = URLDecoder.decode(register.group(1), StandardCharsets.UTF_8);
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = json.readTree(in);
            }
            if (body == null || !body.path("schema").isTextual()) {
                return error(422, 42201, "Either the input schema or one of its references is invalid");
            }
            synchronized (this) {
                return registerContent(subject, body.get("schema").textValue());
            }
        }
        Matcher byId = BY_ID.matcher(path);
        if (byId.matches() && "GET".equals(exchange.getRequestMethod())) {
            lookups.incrementAndGet();
            String content;
            synchronized (this) {
                content = contentById.get(Integer.parseInt(byId.group(1)));
            }
            return content == null ? error(404, 40403, "Schema " + byId.group(1) + " not found")
                    : new Answer(200, json.writeValueAsString(Map.of("schema", content)));
        }
        return error(404, 404, "no such endpoint: " + exchange.getRequestMethod() + " " + path);
    }

    private Answer registerContent(String subject, String text) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            return error(422, 42201, "Invalid schema: " + e.getMessage());
        }
        String content = schema.toString();
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer id = idsByContent.get(content);
        if (id == null || !versions.contains(id)) {
            if (!versions.isEmpty()) {
                Schema latest = new Schema.Parser().parse(contentById.get(versions.get(versions.size() - 1)));
                if (SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
                        != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    return error(409, 409, "Schema being registered is incompatible with an earlier schema for"
                            + " subject \"" + subject + "\"");
                }
            }
            if (id == null) {
                id = nextId++;
                idsByContent.put(content, id);
                contentById.put(id, content);
            }
            versions.add(id);
        }
        return new Answer(200, "{\"id\":" + id + "}");
    }

    private Answer error(int status, int code, String message) {
        try {
            return new Answer(status, json.writeValueAsString(Map.of("error_code", code, "message", message)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private record Answer(int status, String body) {
    }
}
