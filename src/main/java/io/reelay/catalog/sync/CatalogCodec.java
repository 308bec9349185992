package io.reelay.catalog.sync;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.reelay.catalog.DiscoveredModel;

/**
 * The catalog topic's values: a {@link DiscoveredModel} as JSON, in the field names of {@code catalog/models.yaml}
 * (one schema source: the catalog's own format, checked by the same rules when laid over the shipped catalog).
 * Bounded: a value larger than {@link #MAX_VALUE_BYTES}, nested deeper than a catalog entry ever is, or that does not
 * read as an entry named by its key is skipped.
 */
public final class CatalogCodec {

    /** Largest value written or read; a full hub parameter table is a few KB. */
    public static final int MAX_VALUE_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                            .maxStringLength(MAX_VALUE_BYTES).maxNumberLength(64).build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CatalogCodec() {
    }

    /** The value of an entry, or empty when it would be larger than {@link #MAX_VALUE_BYTES}. */
    public static Optional<byte[]> encode(DiscoveredModel model) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(model);
            return bytes.length > MAX_VALUE_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The entry a value holds, when it is one and {@code key} names it; else empty. Never throws. */
    public static Optional<DiscoveredModel> decode(String key, byte[] value) {
        if (value == null || value.length > MAX_VALUE_BYTES) {
            return Optional.empty();
        }
        try {
            DiscoveredModel model = MAPPER.readValue(value, DiscoveredModel.class);
            return model != null && model.provider() != null && model.id() != null && model.key().equals(key)
                    ? Optional.of(model) : Optional.empty();
        } catch (IOException | RuntimeException e) { // NOPMD: a value that is no entry is skipped, whatever it is
            return Optional.empty();
        }
    }
}
