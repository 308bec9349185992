package io.reelay.kafka.avro;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schema of an event type as {@code schemas/} defines it, self-contained: the generated class's schema without
 * the Java-only properties the code generator adds ({@code "avro.java.string": "String"} on every string). This is
 * what Reelay registers in a schema registry and serves beside its AsyncAPI document, so that both show the public
 * contract rather than a Java detail. Avro ignores such properties when resolving schemas, so records written with
 * either read the same.
 */
public final class PublishedSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Class<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private PublishedSchemas() {
    }

    public static Schema of(Class<? extends SpecificRecord> type) {
        return SCHEMAS.computeIfAbsent(type, t -> withoutJavaProperties(SpecificData.getForClass(type).getSchema(type)));
    }

    static Schema withoutJavaProperties(Schema schema) {
        try {
            JsonNode tree = JSON.readTree(schema.toString());
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot rewrite the schema of " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.startsWith("avro.java.") || name.startsWith("java-")) {
                    names.remove();
                }
            }
        }
        node.forEach(PublishedSchemas::strip);
    }
}
