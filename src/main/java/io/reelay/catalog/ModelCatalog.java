package io.reelay.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every model Reelay accepts, read from the data file {@code catalog/models.yaml}: for each, the
 * provider that serves it, its operations, its limits and (for pass-through providers) its full
 * parameter table.
 */
public final class ModelCatalog {

    /** Where the catalog lives on the classpath. */
    public static final String RESOURCE = "catalog/models.yaml";

    private final Map<String, ModelSpec> models;
    private final List<ModelSpec> ordered;

    private ModelCatalog(List<ModelSpec> models) {
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            if (byId.put(model.id(), model) != null) {
                throw new IllegalStateException("model " + model.id() + " is in the catalog twice");
            }
            if (model.operations().isEmpty()) {
                throw new IllegalStateException("model " + model.id() + " offers no operation");
            }
        }
        this.models = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    /** Reads the catalog shipped with the service. */
    public static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a catalog in the format of {@code catalog/models.yaml}. */
    public static ModelCatalog read(InputStream yaml) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        CatalogFile file = mapper.readValue(yaml, CatalogFile.class);
        return new ModelCatalog(file.models() == null ? List.of() : file.models());
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    /** All models, in the file's order. */
    public Collection<ModelSpec> all() {
        return ordered;
    }

    record CatalogFile(List<ModelSpec> models) {
    }
}
