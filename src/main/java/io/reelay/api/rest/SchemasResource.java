package io.reelay.api.rest;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;

import io.reelay.kafka.avro.PublishedSchemas;
import io.reelay.kafka.Topics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The Avro schema of each topic's values as {@code schemas/} defines it, self-contained (shared types inline), from
 * the classes the build compiled: {@code GET /schemas/VideoRequested.avsc}. The AsyncAPI document ({@code GET /asyncapi.yaml})
 * refers to these, so it never holds a second copy of a schema.
 */
@Path("/schemas")
public class SchemasResource {

    private static final String SUFFIX = ".avsc";
    private static final Map<String, Schema> SCHEMAS = Topics.VALUE_TYPES.values().stream()
            .map(PublishedSchemas::of)
            .collect(Collectors.toUnmodifiableMap(Schema::getName, Function.identity()));

    /** The schema of an event type by its record name, e.g. {@code VideoCompleted}. */
    public static Optional<Schema> schema(String name) {
        return Optional.ofNullable(SCHEMAS.get(name));
    }

    @GET
    @Path("{file}")
    @Produces(MediaType.APPLICATION_JSON)
    public String get(@PathParam("file") String file) {
        String name = file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : null;
        return schema(name == null ? "" : name).map(s -> s.toString(true))
                .orElseThrow(() -> new NotFoundException("No schema " + file + "; there are " + SCHEMAS.keySet()));
    }
}
