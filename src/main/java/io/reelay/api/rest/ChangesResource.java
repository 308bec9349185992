package io.reelay.api.rest;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.changes.ChangeBroadcaster;
import io.reelay.api.changes.ChangeFeed;
import io.reelay.api.limit.ClientLimits;
import io.reelay.api.limit.StreamSlots;
import io.reelay.api.mapping.SummaryMapper;
import io.reelay.api.security.ApiRoles;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.query.RequestSummary;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * Every request's changes as server-sent events: {@code ready} once subscribed, then one {@code change} a change (data =
 * the request's summary, as {@code GET /v1/requests} lists it), and {@code resync} when this reader fell more than
 * {@code reelay.api.changes.buffer} changes behind and some were dropped (read the list again). A key sees the changes
 * of the requests it may read one by one. Counts against the key's open streams.
 */
@Path("/v1/changes")
@Tag(name = "requests")
@SecurityRequirement(name = "apiKey")
public class ChangesResource {

    private final ChangeFeed feed;
    private final ClientLimits limits;
    private final ReelayConfig.Api config;
    private final ObjectMapper json;

    ChangesResource(ChangeFeed feed, ClientLimits limits, ReelayConfig config, ObjectMapper json) {
        this.feed = feed;
        this.limits = limits;
        this.config = config.api();
        this.json = json;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "Every request's changes as server-sent events", description = "ready, then change (data: "
            + "the request's summary as GET /v1/requests lists it) each time a request this key may read changes; "
            + "resync when this reader fell behind and changes were dropped (read the list again). Ends after "
            + "reelay.api.events.max-duration; reconnect for more.")
    @APIResponse(responseCode = "429", description = "This key already holds its most open streams")
    public Multi<OutboundSseEvent> changes(@Context SecurityContext security, @Context Sse sse) {
        Caller caller = Caller.of(security);
        StreamSlots.Slot slot = limits.openStream(caller.name()).orElseThrow(() -> new StreamLimitException(
                "this API key already holds its most open event streams; close one, or retry after Retry-After",
                config.query().retryAfter()));
        ChangeBroadcaster.Subscriber subscriber;
        try {
            subscriber = feed.started().subscribe(owner -> Ownership.visible(caller, owner));
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        OutboundSseEvent ready = sse.newEventBuilder().name("ready").data(String.class, "{}").build();
        Multi<OutboundSseEvent> changes = Multi.createFrom().ticks().every(config.events().interval())
                .onOverflow().drop()
                .onItem().transformToMultiAndConcatenate(tick -> Multi.createFrom().iterable(
                        events(subscriber.drain(), sse)));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(ready), changes)
                .select().first(config.events().maxDuration())
                .onTermination().invoke(() -> {
                    subscriber.close();
                    slot.release();
                });
    }

    private List<OutboundSseEvent> events(ChangeBroadcaster.Batch batch, Sse sse) {
        List<OutboundSseEvent> events = new ArrayList<>(batch.changes().size() + 1);
        if (batch.resync()) {
            events.add(sse.newEventBuilder().name("resync").data(String.class, "{}").build());
        }
        for (RequestSummary change : batch.changes()) {
            events.add(sse.newEventBuilder().name("change").data(String.class, toJson(change)).build());
        }
        return events;
    }

    private String toJson(RequestSummary change) {
        try {
            return json.writeValueAsString(SummaryMapper.view(change));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a change as JSON", e);
        }
    }
}
