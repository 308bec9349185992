package io.reelay.api.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelay.api.RequestView;
import io.reelay.api.limit.ClientLimits;
import io.reelay.api.limit.StreamSlots;
import io.reelay.api.mapping.RequestViewMapper;
import io.reelay.api.publish.RequestPublisher;
import io.reelay.api.query.RequestStatusService;
import io.reelay.api.security.ApiKeyAuthMechanism;
import io.reelay.api.security.ApiRoles;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.lifecycle.query.QueryResult;
import io.reelay.config.ReelayConfig;
import io.reelay.delivery.DeliveryWorker;
import io.reelay.intake.validation.RequestValidator;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * Video requests over HTTP, for producers that do not speak Kafka and for anyone who wants to know where a
 * request is. Submits and cancellations are published to the same topics Kafka producers use; states are
 * read from the tracker's stores (interactive queries), on whichever instance owns the request.
 * <p>
 * A key sees and cancels only the requests it posted (an admin key: every request); somebody else's request is
 * answered exactly as an unknown one. Each key has its own budget of calls a minute and of open event streams.
 */
@Path("/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "requests", description = "Submit video requests, follow them, cancel them")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = ApiKeyAuthMechanism.API_KEY_HEADER, description = "Or Authorization: Bearer <key>")
@SecurityRequirement(name = "apiKey")
public class RequestsResource {

    private static final Logger LOG = Logger.getLogger(RequestsResource.class);
    /** Which instance's stores an answer was read from. */
    public static final String SERVED_BY_HEADER = "X-Reelay-Served-By";
    /** Most rule breaks listed in a refusal (the count says how many there were). */
    static final int MAX_FIELD_ERRORS = SubmitChecks.MAX_FIELD_ERRORS;

    private final RequestStatusService statuses;
    private final RequestPublisher publisher;
    private final ReelayConfig.Api config;
    private final ClientLimits limits;
    private final Duration retention;
    private final ObjectMapper json;
    private final SubmitChecks checks;
    private final Clock clock = Clock.systemUTC();
    private final DeliveryWorker deliveries;

    RequestsResource(RequestStatusService statuses, RequestPublisher publisher, RequestValidator validator,
            ReelayConfig config, ClientLimits limits, ObjectMapper json, DeliveryWorker deliveries) {
        this.deliveries = deliveries;
        this.statuses = statuses;
        this.publisher = publisher;
        this.config = config.api();
        this.limits = limits;
        this.retention = config.tracker().finishedRetention();
        this.checks = new SubmitChecks(validator, config, clock);
        this.json = json;
    }

    @jakarta.inject.Inject
    RequestListing listing;

    @GET
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "The newest requests, filtered", description = "See docs/http-api.md: ?status=&tenant=&model="
            + "&limit=&after=; a key lists the requests it may read one by one.")
    public Uni<Response> list(@jakarta.ws.rs.QueryParam("status") String status,
            @jakarta.ws.rs.QueryParam("tenant") String tenant, @jakarta.ws.rs.QueryParam("model") String model,
            @jakarta.ws.rs.QueryParam("limit") String limit, @jakarta.ws.rs.QueryParam("after") String after,
            @Context SecurityContext security) {
        return listing.list(status, tenant, model, limit, after, Caller.of(security));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "A request's current state", description = "Status, the upstream's raw status and progress, "
            + "the upstream task id, timings, and the videos or the failure once terminal. Terminal states stay "
            + "readable for reelay.tracker.finished-retention. Any instance answers: the one owning the request's "
            + "partition reads its stores, the others forward to it. A key reads the requests it posted (an admin "
            + "key reads all).")
    @APIResponse(responseCode = "200", description = "The request",
            content = @Content(schema = @Schema(implementation = RequestView.class)))
    @APIResponse(responseCode = "404", description = "Not received (yet), finished beyond the retention, or not "
            + "this key's")
    @APIResponse(responseCode = "429", description = "This key's calls a minute are spent: retry after Retry-After")
    @APIResponse(responseCode = "503", description = "The stores are rebalancing or restoring: retry after Retry-After")
    public Uni<Response> get(@PathParam("id") String id, @Context SecurityContext security) {
        return statuses.status(id, Caller.of(security)).map(answer -> answer instanceof QueryResult.Found found
                ? DeliveriesView.withDeliveries(respond(id, answer), json, deliveries.deliveries(id))
                : respond(id, answer));
    }

    @POST
    @Path("/{id}/deliveries/replay")
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Deliver a request's terminal event again", description = "Queues every webhook delivery "
            + "of the request's terminal event again, now, with the same webhook-id and body and a new retry window "
            + "(receivers that dedupe on webhook-id see it once). A key replays the requests it posted (an admin key: "
            + "any). See docs/webhooks.md.")
    @APIResponse(responseCode = "202", description = "Queued; the attempts show in GET /v1/requests/{id}")
    @APIResponse(responseCode = "404", description = "Not known, or not this key's")
    @APIResponse(responseCode = "409", description = "The request has no webhook deliveries (yet)")
    public Uni<Response> replay(@PathParam("id") String id, @Context SecurityContext security) {
        // Writing the replay waits for the broker: off the event loop.
        return statuses.status(id, Caller.of(security))
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()).map(answer -> {
            if (!(answer instanceof QueryResult.Found)) {
                return respond(id, answer);
            }
            int queued;
            try {
                queued = deliveries.replay(id);
            } catch (Exception e) {
                return ApiProblem.unpublished("the replay could not be written to Kafka: " + e.getMessage());
            }
            if (queued == 0) {
                return ApiProblem.conflict("request " + Echo.cap(id, config.limits().echoChars())
                        + " has no webhook deliveries to replay", "no_deliveries");
            }
            return Response.accepted(Map.of("request_id", id, "replayed", queued)).build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Submit a video request", description = "The same JSON a Kafka producer publishes to "
            + "video.requests (see GET /v1/models for the catalog). Validated here first; a valid request is "
            + "published to video.requests (202) and ends, as every request does, in one event on video.completed "
            + "or video.failed. request_id is generated when absent; a known request_id is refused (409), never "
            + "submitted twice. The request belongs to the key that posted it, and to its tenant (the client's name): "
            + "a tenant field may be left out or name it, another is refused (400).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class, description = "A video request (VideoRequested as JSON)")))
    @APIResponse(responseCode = "202", description = "Published; follow it at Location")
    @APIResponse(responseCode = "400", description = "Not a valid request: the broken rules are listed")
    @APIResponse(responseCode = "409", description = "A request with this request_id is already known")
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size")
    public Uni<Response> submit(byte[] body, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        SubmitChecks.Outcome checked = checks.check(body, caller);
        if (checked instanceof SubmitChecks.Refused refused) {
            return Uni.createFrom().item(refused.answer());
        }
        String id = ((SubmitChecks.Passed) checked).id();
        // Whoever's it is: an id is submitted once. Only its own request's status is shown to the caller.
        return statuses.status(id, Caller.SYSTEM).flatMap(existing -> {
            if (existing instanceof QueryResult.Found found) {
                String shown = Echo.cap(id, config.limits().echoChars());
                return Uni.createFrom().item(ApiProblem.conflict(Ownership.visible(caller, found.status().owner())
                        ? "request " + shown + " is already known (status "
                                + RequestViewMapper.wireStatus(found.status().state())
                                + "); a request id is submitted once"
                        : "request id " + shown + " is already taken; choose another one", "duplicate_request_id"));
            }
            return publisher.request(id, body, caller.name())
                    .map(done -> accepted(id, "accepted"))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Request %s could not be published: %s", id, e.getMessage());
                        return ApiProblem.unpublished("the request could not be published to Kafka: " + e.getMessage());
                    });
        });
    }

    @POST
    @Path("/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "Check a request and estimate its cost, without submitting it", description = "A dry run of "
            + "POST /v1/requests: the same body, checked exactly as a submit checks it (the same 400 with "
            + "validation_errors), but nothing is published, reserved or sent upstream. A valid request is answered "
            + "with the provider it would go to and its estimated cost from the catalog's prices (the estimate "
            + "admission reserves), with the prices' source and date. Whether its request_id is still free is not "
            + "checked. A read key may estimate: it learns nothing GET /v1/models does not show.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class, description = "A video request (VideoRequested as JSON)")))
    @APIResponse(responseCode = "200", description = "Valid: what it would cost",
            content = @Content(schema = @Schema(implementation = EstimateView.class)))
    @APIResponse(responseCode = "400", description = "Not a valid request: the broken rules are listed")
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size")
    public Response estimate(byte[] body, @Context SecurityContext security) {
        SubmitChecks.Outcome checked = checks.check(body, Caller.of(security));
        if (checked instanceof SubmitChecks.Refused refused) {
            return refused.answer();
        }
        return Response.ok(EstimateView.of((SubmitChecks.Passed) checked)).build();
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Cancel a request", description = "Publishes a cancellation to video.cancellations. The "
            + "request then ends with a failure of reason cancelled (the upstream task is cancelled where the "
            + "upstream allows it). An optional JSON body {\"reason\": \"...\"} is carried into the failure message. "
            + "A key cancels the requests it posted (an admin key: any).")
    @APIResponse(responseCode = "202", description = "Cancellation published")
    @APIResponse(responseCode = "400", description = "The reason is longer than reelay.api.limits.cancel-reason-chars")
    @APIResponse(responseCode = "404", description = "Not known, or not this key's")
    @APIResponse(responseCode = "409", description = "Already finished: nothing to cancel")
    @APIResponse(responseCode = "503", description = "The stores are rebalancing: retry after Retry-After")
    public Uni<Response> cancel(@PathParam("id") String id, String body, @Context SecurityContext security) {
        String reason = reason(body);
        if (reason != null && reason.length() > config.limits().cancelReasonChars()) {
            return Uni.createFrom().item(ApiProblem.invalid("the reason is longer than "
                    + config.limits().cancelReasonChars() + " characters", List.of(new RequestView.FieldError("reason",
                            "too_long", "at most " + config.limits().cancelReasonChars() + " characters", null))));
        }
        // Ownership first: somebody else's request is not known to this caller, and nothing is published for it.
        return statuses.status(id, Caller.of(security)).flatMap(answer -> {
            if (answer instanceof QueryResult.Found found && found.status().state().terminal()) {
                return Uni.createFrom().item(ApiProblem.conflict("request " + Echo.cap(id, config.limits().echoChars())
                        + " has already " + RequestViewMapper.wireStatus(found.status().state())
                        + ": nothing to cancel", "already_finished"));
            }
            if (!(answer instanceof QueryResult.Found)) {
                return Uni.createFrom().item(respond(id, answer));
            }
            return publisher.cancel(id, reason, clock.instant())
                    .map(done -> accepted(id, "cancel_requested"))
                    .onFailure().recoverWithItem(e -> ApiProblem.unpublished(
                            "the cancellation could not be published to Kafka: " + e.getMessage()));
        });
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "A request's lifecycle as server-sent events", description = "One event each time the "
            + "request's state changes (event name = status: submitting, in_progress, mirroring, completed, failed; data = "
            + "the request as GET returns it), ending after the terminal one; while it waits for its submit, a queued "
            + "event when it starts waiting and when its place or expected start changes (at most one a second). A request not known yet (or not this "
            + "key's) is waited for (reelay.api.events.not-found-grace) before the stream ends with a not_found "
            + "event. A key holds at most reelay.api.limits.streams streams open at once.")
    @APIResponse(responseCode = "429", description = "This key already holds its most open streams")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context SecurityContext security,
            @Context Sse sse) {
        Caller caller = Caller.of(security);
        StreamSlots.Slot slot = limits.openStream(caller.name()).orElseThrow(() -> new StreamLimitException(
                "this API key already holds its most open event streams; close one, or retry after Retry-After",
                config.query().retryAfter()));
        Instant giveUpUnknown = clock.instant().plus(config.events().notFoundGrace());
        AtomicReference<RequestView> last = new AtomicReference<>();
        AtomicReference<RequestView.Queue> toldQueue = new AtomicReference<>();
        AtomicLong toldQueueAt = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        OutboundSseEvent end = sse.newEvent("end", "");
        return Multi.createFrom().ticks().every(config.events().interval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> statuses.status(id, caller))
                .onItem().transformToMultiAndConcatenate(answer -> {
                    if (answer instanceof QueryResult.Found found) {
                        RequestView view = RequestViewMapper.view(found.status());
                        List<OutboundSseEvent> events = new java.util.ArrayList<>(3);
                        // A change of state is told by its status; a waiting request's place by queued events.
                        RequestView state = view.withoutQueue();
                        if (!Objects.equals(state, last.getAndSet(state))) {
                            events.add(event(sse, view.status().name(), sequence, view));
                        }
                        long now = clock.millis();
                        if (view.queue() == null) {
                            toldQueue.set(null); // should it wait again (a retry), that is news again
                        } else if (QueuedNews.due(toldQueue.get(), toldQueueAt.get(), view.queue(), now)) {
                            toldQueue.set(view.queue());
                            toldQueueAt.set(now);
                            events.add(event(sse, "queued", sequence, view));
                        }
                        if (view.status().terminal()) {
                            events.add(end);
                        }
                        return Multi.createFrom().iterable(events);
                    }
                    if (answer instanceof QueryResult.NotFound && clock.instant().isAfter(giveUpUnknown)) {
                        OutboundSseEvent notFound = sse.newEventBuilder().name("not_found").data(String.class,
                                toJson(Map.of("request_id", Echo.cap(id, config.limits().echoChars())))).build();
                        return Multi.createFrom().items(notFound, end);
                    }
                    // Not there yet, or the stores are moving: look again at the next tick.
                    return Multi.createFrom().empty();
                })
                .select().first(event -> event != end)
                .select().first(config.events().maxDuration())
                // However it ends: the last event, an error, or the client going away (a cancellation).
                .onTermination().invoke(slot::release);
    }

    /** Data as JSON text: a typed event would add a non-standard content-type line to each event. */
    private OutboundSseEvent event(Sse sse, String name, AtomicLong sequence, RequestView view) {
        return sse.newEventBuilder().name(name).id(Long.toString(sequence.incrementAndGet()))
                .data(String.class, toJson(view)).build();
    }

    private Response respond(String id, QueryResult answer) {
        if (answer instanceof QueryResult.Found found) {
            return Response.ok(RequestViewMapper.view(found.status()))
                    .header(SERVED_BY_HEADER, found.servedBy().address()).build();
        }
        if (answer instanceof QueryResult.NotFound) {
            return ApiProblem.notFound(id, retention, config.limits().echoChars());
        }
        if (answer instanceof QueryResult.Elsewhere elsewhere) {
            // The service asks the owner itself; should an owner be named here after all, the caller asks again.
            return ApiProblem.unavailable("the request's owner is " + elsewhere.owner().address(),
                    config.query().retryAfter());
        }
        return ApiProblem.unavailable(((QueryResult.Unavailable) answer).reason(), config.query().retryAfter());
    }

    private static Response accepted(String id, String status) {
        String location = RequestStatusService.path(id);
        Map<String, Object> links = Map.of("self", location, "events", location + "/events", "cancel",
                location + "/cancel");
        return Response.accepted(Map.of("request_id", id, "status", status, "links", links))
                .location(URI.create(location)).build();
    }

    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode reason = json.readTree(body).path("reason");
            return reason.isTextual() ? reason.asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            // Not JSON, or JSON beyond Jackson's own limits: no reason given.
            return null;
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
