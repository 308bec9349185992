package io.reelay.api.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.reelay.api.UsageView;
import io.reelay.api.query.UsageService;
import io.reelay.api.security.ApiRoles;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.config.ReelayConfig;
import io.reelay.kafka.TenantNames;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** Tenants over HTTP: what each has reserved, settled and released, and its spending limits (docs/tenants.md). */
@Path("/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tenants", description = "Tenants' usage: the cost ledger's balances and spending limits")
@SecurityRequirement(name = "apiKey")
public class TenantsResource {

    private final UsageService usage;
    private final ReelayConfig.Api config;

    TenantsResource(UsageService usage, ReelayConfig config) {
        this.usage = usage;
        this.config = config.api();
    }

    @GET
    @Path("/{tenant}/usage")
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "A tenant's usage", description = "The tenant's balance from the cost ledger (video.ledger): "
            + "reserved, open, settled (charges and the estimates they replaced), released and flagged amounts in USD "
            + "(decimal strings, 6 places) with their counts; the committed spending of the current UTC day and "
            + "month; the configured spending limits and what remains of them. A tenant with no ledger entry answers "
            + "zeros. Any instance answers: the one owning the tenant's partition of video.ledger reads its store, the "
            + "others forward to it. A key reads its own tenant (the tenant is the API client's name); an admin key "
            + "reads any.")
    @APIResponse(responseCode = "200", description = "The tenant's usage",
            content = @Content(schema = @Schema(implementation = UsageView.class)))
    @APIResponse(responseCode = "400", description = "Not a tenant name")
    @APIResponse(responseCode = "403", description = "Another tenant's usage, asked with a key that is not an admin's")
    @APIResponse(responseCode = "429", description = "This key's calls a minute are spent: retry after Retry-After")
    @APIResponse(responseCode = "503", description = "The stores are rebalancing or restoring: retry after Retry-After")
    public Uni<Response> usage(@PathParam("tenant") String tenant, @Context SecurityContext security) {
        if (!TenantNames.valid(tenant)) {
            return Uni.createFrom().item(ApiProblem.invalidValue("\"" + Echo.cap(tenant, config.limits().echoChars())
                    + "\" is not a tenant name: " + TenantNames.rule(), "tenant"));
        }
        Caller caller = Caller.of(security);
        // The same rule as a request's: its owner (here the tenant, the client's own name) or an admin key.
        if (!Ownership.visible(caller, tenant)) {
            return Uni.createFrom().item(ApiProblem.forbidden("a key reads only its own tenant's usage (tenant "
                    + caller.name() + "); an admin key reads any"));
        }
        return usage.usage(tenant, caller).map(answer -> {
            if (answer instanceof UsageService.Answer.Usage found) {
                return Response.ok(found.view())
                        .header(RequestsResource.SERVED_BY_HEADER, found.servedBy().address()).build();
            }
            return ApiProblem.unavailable(((UsageService.Answer.Unavailable) answer).reason(),
                    config.query().retryAfter());
        });
    }
}
