package io.reelay.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Every model Reelay accepts, read from the data file {@code catalog/models.yaml}: for each, the
 * provider that serves it, its operations, its limits and (for pass-through providers) its full
 * parameter table.
 *
 * <p>An entry is identified by provider and id together: two gateways may use the same id for
 * different offers (both call their Seedance 2.0 models {@code seedance-2.0}), and the id is what
 * the upstream expects, so it cannot be renamed. {@link #find(String)} resolves a bare id through
 * the route that also picks the provider for a request, so the two always agree.
 */
public final class ModelCatalog {

    /** Where the catalog lives on the classpath. */
    public static final String RESOURCE = "catalog/models.yaml";

    /** The provider a bare id goes to unless routed otherwise (the default of reelay.routing). */
    public static final String DEFAULT_PROVIDER = "tokenlab";

    private final List<ModelSpec> ordered;
    private final Map<String, List<ModelSpec>> byId;
    private final Function<String, String> route;
    /** The file's named pass-through sets, for models discovery adds (see {@link CatalogOverlay}). */
    private final Map<String, List<ParameterSpec>> parameterSets;

    private ModelCatalog(List<ModelSpec> ordered, Map<String, List<ModelSpec>> byId, Function<String, String> route,
            Map<String, List<ParameterSpec>> parameterSets) {
        this.ordered = ordered;
        this.byId = byId;
        this.route = route;
        this.parameterSets = parameterSets;
    }

    private static ModelCatalog of(List<ModelSpec> models, Map<String, List<ParameterSpec>> parameterSets,
            Function<String, String> route) {
        CatalogValidator.check(models);
        Map<String, List<ModelSpec>> byId = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            byId.computeIfAbsent(model.id(), id -> new ArrayList<>()).add(model);
        }
        byId.replaceAll((id, entries) -> List.copyOf(entries));
        Map<String, List<ParameterSpec>> sets = new LinkedHashMap<>();
        (parameterSets == null ? Map.<String, List<ParameterSpec>>of() : parameterSets)
                .forEach((name, set) -> sets.put(name, set == null ? List.of() : List.copyOf(set)));
        return new ModelCatalog(List.copyOf(models), Map.copyOf(byId), route, Map.copyOf(sets));
    }

    /**
     * The same catalog (routing, parameter sets) holding {@code models} instead, in that order.
     *
     * @throws InvalidCatalogException when they break a catalog rule
     */
    ModelCatalog withModels(List<ModelSpec> models) {
        return of(models, parameterSets, route);
    }

    /** A named pass-through set of the file ({@code parameter_sets}), empty when there is none of that name. */
    List<ParameterSpec> parameterSet(String name) {
        return parameterSets.getOrDefault(name, List.of());
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

    /**
     * Reads a catalog in the format of {@code catalog/models.yaml}.
     *
     * @throws InvalidCatalogException when the file does not follow the format or breaks a rule
     */
    public static ModelCatalog read(InputStream yaml) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        CatalogFile file;
        try {
            file = mapper.readValue(yaml, CatalogFile.class);
        } catch (JsonProcessingException e) {
            throw new InvalidCatalogException(e.getOriginalMessage() + locationOf(e), e);
        }
        Function<String, String> route = id -> DEFAULT_PROVIDER;
        return file == null || file.models() == null ? of(List.of(), Map.of(), route)
                : of(ParameterSets.resolve(file.parameterSets(), file.models()).stream()
                        .map(model -> model.pricing() == null ? model
                                : model.withPricing(model.pricing().datedIfUndated(file.pricesAsOf())))
                        .toList(), file.parameterSets(), route);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /**
     * The same catalog, resolving bare ids with {@code providerOf} (model id to provider name),
     * normally the service's routing configuration.
     */
    public ModelCatalog routedBy(Function<String, String> providerOf) {
        return new ModelCatalog(ordered, byId, Objects.requireNonNull(providerOf), parameterSets);
    }

    /**
     * The model a request naming only {@code id} gets: its sole entry, or, when several providers
     * use the id, the routed provider's entry (the first in the file if the route names none of them).
     */
    public Optional<ModelSpec> find(String id) {
        List<ModelSpec> entries = variants(id);
        if (entries.size() <= 1) {
            return entries.stream().findFirst();
        }
        String provider = route.apply(id);
        return Optional.of(entries.stream().filter(m -> m.provider().equals(provider)).findFirst()
                .orElse(entries.get(0)));
    }

    /** The entry of this provider for this id. */
    public Optional<ModelSpec> find(String provider, String id) {
        return variants(id).stream().filter(m -> m.provider().equals(provider)).findFirst();
    }

    /** Every entry with this id, one per provider, in the file's order. */
    public List<ModelSpec> variants(String id) {
        return id == null ? List.of() : byId.getOrDefault(id, List.of());
    }

    /** All models, in the file's order. */
    public Collection<ModelSpec> all() {
        return ordered;
    }

    /**
     * The file: named lists of pass-through parameters (see {@link ParameterSets}), the date its prices were
     * read (stamped on every model's pricing that names none), then the models.
     */
    record CatalogFile(@JsonProperty("parameter_sets") Map<String, List<ParameterSpec>> parameterSets,
            @JsonProperty("prices_as_of") Instant pricesAsOf,
            List<ModelSpec> models) {
    }
}
