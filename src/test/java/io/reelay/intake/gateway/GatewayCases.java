package io.reelay.intake.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The gateway acceptance cases of issue 13 ({@code intake/gateway-cases.yaml}, see its header): one request each,
 * in the flat shape and, where the case says, the hub's {@code {"model", "input": {...}}} shape, with the outcome
 * Reelay must give it. Shared by the unit runner and the integration test over a real broker.
 */
public final class GatewayCases {

    public static final String RESOURCE = "intake/gateway-cases.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A case in one shape. */
    public record Shaped(Case gatewayCase, String shape, ObjectNode body) {
        public String name() {
            return gatewayCase.id() + " (" + shape + ")";
        }

        /** The JSON record value with this request id. */
        public byte[] json(String requestId) {
            ObjectNode withId = body.deepCopy();
            withId.put("request_id", requestId);
            // request_id first, as a producer would write it
            ObjectNode out = JSON.createObjectNode();
            out.put("request_id", requestId);
            withId.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
            return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * @param expect outcome (admitted/refused), provider, upstream (fields the upstream body must hold),
     *     upstream_absent (fields it must not hold), code, field
     */
    public record Case(String id, String shapes, ObjectNode request, JsonNode expect) {
        public boolean admitted() {
            return "admitted".equals(expect.path("outcome").asText());
        }

        public String provider() {
            return expect.path("provider").asText(null);
        }

        public String code() {
            return expect.path("code").asText(null);
        }

        public String field() {
            return expect.path("field").asText(null);
        }

        public JsonNode upstream() {
            return expect.path("upstream");
        }

        public List<String> upstreamAbsent() {
            List<String> names = new ArrayList<>();
            expect.path("upstream_absent").forEach(n -> names.add(n.asText()));
            return names;
        }

        /** The flat body, and the hub's shape when {@code shapes: both}. */
        public List<Shaped> shaped() {
            List<Shaped> out = new ArrayList<>();
            out.add(new Shaped(this, "flat", request));
            if ("both".equals(shapes)) {
                out.add(new Shaped(this, "input", hubShape(request)));
            }
            return out;
        }
    }

    private GatewayCases() {
    }

    public static List<Case> load() {
        try (InputStream in = GatewayCases.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                cases.add(new Case(c.get("id").asText(), c.path("shapes").asText("flat"),
                        (ObjectNode) expandLong(c.get("request")), c.get("expect")));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every case in every shape it is judged in. */
    public static List<Shaped> shapedCases() {
        return load().stream().flatMap(c -> c.shaped().stream()).toList();
    }

    /** {"model", ["provider"], "input": {every other field}}. */
    static ObjectNode hubShape(ObjectNode flat) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = flat.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("model") || e.getKey().equals("provider")) {
                body.set(e.getKey(), e.getValue());
            } else {
                input.set(e.getKey(), e.getValue());
            }
        }
        body.set("input", input);
        return body;
    }

    /** "@N" stands for N letters 'a'. */
    private static JsonNode expandLong(JsonNode node) {
        if (node.isTextual() && node.textValue().matches("@\\d+")) {
            return TextNode.valueOf("a".repeat(Integer.parseInt(node.textValue().substring(1))));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), expandLong(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(n -> copy.add(expandLong(n)));
            return copy;
        }
        return node;
    }
}
