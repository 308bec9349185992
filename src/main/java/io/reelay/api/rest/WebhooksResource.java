package io.reelay.api.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.reelay.api.security.ApiRoles;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.config.ReelayConfig;
import io.reelay.delivery.DeliveryWorker;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Configured webhook subscriptions over HTTP: enabling one that was disabled because it answered 410 Gone. A key
 * acts on the subscriptions whose {@code owner} it is (an admin key: every one); any other is answered as unknown.
 */
@Path("/v1/webhooks/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks", description = "Webhook subscriptions")
@SecurityRequirement(name = "apiKey")
public class WebhooksResource {

    private final DeliveryWorker deliveries;
    private final int echoChars;

    WebhooksResource(DeliveryWorker deliveries, ReelayConfig config) {
        this.deliveries = deliveries;
        this.echoChars = config.api().limits().echoChars();
    }

    @POST
    @Path("/{name}/enable")
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Enable a disabled subscription", description = "A subscription that answered 410 Gone is "
            + "disabled: its deliveries are dead-lettered at once (outcome endpoint_disabled) until its URL changes "
            + "in the configuration or this is called. Deliveries dead-lettered meanwhile are not resent: replay "
            + "them with POST /v1/requests/{id}/deliveries/replay. The subscription's owner key, or an admin key. "
            + "See docs/webhooks.md.")
    @APIResponse(responseCode = "200", description = "Enabled (was_disabled says whether it had been disabled)")
    @APIResponse(responseCode = "404", description = "No such subscription, webhooks off, or not this key's")
    @APIResponse(responseCode = "503", description = "The enabling could not be written to Kafka")
    public Response enable(@PathParam("name") String name, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        var subscription = deliveries.subscription(name)
                .filter(s -> Ownership.visible(caller, s.owner().orElse(null)));
        if (subscription.isEmpty()) {
            return ApiProblem.subscriptionNotFound(name, echoChars);
        }
        boolean wasDisabled;
        try {
            wasDisabled = deliveries.enable(name, caller.name());
        } catch (Exception e) {
            return ApiProblem.unpublished("the enabling could not be written to Kafka: " + e.getMessage());
        }
        return Response.ok(Map.of("subscription", name, "enabled", true, "was_disabled", wasDisabled)).build();
    }
}
