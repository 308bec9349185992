package io.reelay.simulator.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated gateways' models as shipped in {@value #RESOURCE}: every model of both upstream documents, in the
 * order the documents list them.
 */
public record UpstreamModels(List<TokenLabModel> tokenlab, List<HubModel> hub) {

    public static final String RESOURCE = "/io/reelay/simulator/upstream-models.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .addModule(new JavaTimeModule())
            .build();

    private static final UpstreamModels SHIPPED = read(RESOURCE);

    public UpstreamModels {
        tokenlab = List.copyOf(tokenlab);
        hub = List.copyOf(hub);
        unique("tokenlab", tokenlab.stream().map(TokenLabModel::id).toList());
        unique("hub", hub.stream().map(HubModel::id).toList());
    }

    /** The shipped data (parsed once; the records are immutable). */
    public static UpstreamModels shipped() {
        return SHIPPED;
    }

    static UpstreamModels read(String resource) {
        try (InputStream in = UpstreamModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("simulator model data missing from the classpath: " + resource);
            }
            return YAML.readValue(in, UpstreamModels.class);
        } catch (IOException e) {
            throw new UncheckedIOException("simulator model data unreadable: " + resource, e);
        }
    }

    /** A mapper with the data file's conventions, for control calls that send parts of it as JSON. */
    static JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .addModule(new JavaTimeModule())
                .build();
    }

    private static void unique(String gateway, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException(gateway + " lists model " + id + " twice");
            }
        }
    }
}
