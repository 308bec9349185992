package io.reelay.api.rest;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.reelay.config.ReelayConfig;
import io.reelay.api.security.ApiRoles;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.catalog.sync.LiveCatalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The model catalog over HTTP, shaped like the upstreams' discovery endpoints.
 *
 * <p>{@code GET /v1/models[?provider=][&operation=]} lists the catalog in the data file's order; an
 * id served by two providers appears once per provider. An unknown provider gives an empty list,
 * an unknown operation a 400. {@code GET /v1/models/{id}} gives the entry a request naming that id
 * is routed to, with {@code other_providers} naming the alternatives; {@code ?provider=} picks one. Both read the
 * live catalog (the shipped one overlaid with the upstreams' discovery), so they show what requests are judged by.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ ApiRoles.READ })
public class ModelsResource {

    private final LiveCatalog live;
    private final int echoChars;

    ModelsResource(LiveCatalog live, ReelayConfig config) {
        this.live = live;
        this.echoChars = config.api().limits().echoChars();
    }

    @GET
    public Response list(@QueryParam("provider") String provider, @QueryParam("operation") String operation) {
        ModelCatalog catalog = live.current();
        Predicate<ModelSpec> filter = m -> provider == null || m.provider().equals(provider);
        if (operation != null) {
            Optional<Operation> wanted = Operation.fromWire(operation);
            if (wanted.isEmpty()) {
                return ApiProblem.invalidValue("unknown operation " + Echo.cap(operation, echoChars), "operation");
            }
            filter = filter.and(m -> m.offers(wanted.get()));
        }
        List<ModelView> data = catalog.all().stream().filter(filter).map(m -> view(catalog, m)).toList();
        return Response.ok(ModelList.of(data)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id, @QueryParam("provider") String provider) {
        ModelCatalog catalog = live.current();
        Optional<ModelSpec> model = provider == null ? catalog.find(id) : catalog.find(provider, id);
        if (model.isPresent()) {
            return Response.ok(view(catalog, model.get())).build();
        }
        if (provider != null && !catalog.variants(id).isEmpty()) {
            return ApiProblem.modelNotFound("model " + Echo.cap(id, echoChars) + " is not served by provider "
                    + Echo.cap(provider, echoChars), "provider");
        }
        return ApiProblem.modelNotFound("model " + Echo.cap(id, echoChars) + " is not in the catalog", "id");
    }

    private static ModelView view(ModelCatalog catalog, ModelSpec model) {
        List<String> others = catalog.variants(model.id()).stream().map(ModelSpec::provider)
                .filter(p -> !p.equals(model.provider())).toList();
        return ModelView.of(model, others);
    }
}
