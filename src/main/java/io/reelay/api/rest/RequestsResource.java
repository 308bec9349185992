package io.reelay.api.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
import io.reelay.api.config.ApiConfig;
import io.reelay.api.publish.RequestPublisher;
import io.reelay.api.query.OwnerForwarder;
import io.reelay.api.query.RequestStatusService;
import io.reelay.api.query.StatusAnswer;
import io.reelay.api.security.ApiKeyAuthMechanism;
import io.reelay.api.security.ApiRoles;
import io.reelay.request.MalformedRequestException;
import io.reelay.request.RequestDecoder;
import io.reelay.request.UndecodableRequestException;
import io.reelay.request.VideoRequest;
import io.reelay.request.validation.RequestValidator;
import io.reelay.request.validation.Validated;
import io.reelay.tracking.config.TrackerConfig;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * Video requests over HTTP, for producers that do not speak Kafka and for anyone who wants to know where a
 * request is. Submits and cancellations are published to the same topics Kafka producers use; states are
 * read from the tracker's stores (interactive queries), on whichever instance owns the request.
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

    private final RequestStatusService statuses;
    private final RequestPublisher publisher;
    private final RequestValidator validator;
    private final ApiConfig config;
    private final Duration retention;
    private final ObjectMapper json;
    private final RequestDecoder decoder = new RequestDecoder();
    private final Clock clock = Clock.systemUTC();

    RequestsResource(RequestStatusService statuses, RequestPublisher publisher, RequestValidator validator,
            ApiConfig config, TrackerConfig tracker, ObjectMapper json) {
        this.statuses = statuses;
        this.publisher = publisher;
        this.validator = validator;
        this.config = config;
        this.retention = tracker.finishedRetention();
        this.json = json;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ ApiRoles.READ })
    @Operation(summary = "A request's current state", description = "Status, the upstream's raw status and progress, "
            + "the upstream task id, timings, and the videos or the failure once terminal. Terminal states stay "
            + "readable for reelay.tracker.finished-retention. Any instance answers: the one owning the request's "
            + "partition reads its stores, the others forward to it.")
    @APIResponse(responseCode = "200", description = "The request",
            content = @Content(schema = @Schema(implementation = RequestView.class)))
    @APIResponse(responseCode = "404", description = "Not received (yet), or finished beyond the retention")
    @APIResponse(responseCode = "503", description = "The stores are rebalancing or restoring: retry after Retry-After")
    public Uni<Response> get(@PathParam("id") String id, @Context HttpHeaders headers) {
        return statuses.status(id, credentials(headers), forwarded(headers)).map(answer -> respond(id, answer));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Submit a video request", description = "The same JSON a Kafka producer publishes to "
            + "video.requests (see GET /v1/models for the catalog). Validated here first; a valid request is "
            + "published to video.requests (202) and ends, as every request does, in one event on video.completed "
            + "or video.failed. request_id is generated when absent; a known request_id is refused (409), never "
            + "submitted twice.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class, description = "A video request (VideoRequested as JSON)")))
    @APIResponse(responseCode = "202", description = "Published; follow it at Location")
    @APIResponse(responseCode = "400", description = "Not a valid request: the broken rules are listed")
    @APIResponse(responseCode = "409", description = "A request with this request_id is already known")
    public Uni<Response> submit(byte[] body, @Context HttpHeaders headers) {
        VideoRequest request;
        try {
            request = decoder.decode(body, RequestDecoder.JSON);
        } catch (MalformedRequestException e) {
            return Uni.createFrom().item(ApiProblem.invalid(e.getMessage(), fieldErrors(e.errors())));
        } catch (UndecodableRequestException e) {
            return Uni.createFrom().item(ApiProblem.invalid(e.getMessage(), null));
        }
        String id = request.requestId() == null || request.requestId().isBlank() ? UUID.randomUUID().toString()
                : request.requestId();
        Validated validation = validator.validate(request.withIdentity(id,
                request.requestedAt() != null ? request.requestedAt() : clock.instant()));
        if (!validation.ok()) {
            return Uni.createFrom().item(ApiProblem.invalid(validation.summary(), fieldErrors(validation.errors())));
        }
        return statuses.status(id, credentials(headers), false).flatMap(existing -> {
            if (existing instanceof StatusAnswer.Known known) {
                return Uni.createFrom().item(ApiProblem.conflict("request " + id + " is already known (status "
                        + known.view().status() + "); a request id is submitted once", "duplicate_request_id"));
            }
            return publisher.request(id, body)
                    .map(done -> accepted(id, "accepted"))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Request %s could not be published: %s", id, e.getMessage());
                        return ApiProblem.unpublished("the request could not be published to Kafka: " + e.getMessage());
                    });
        });
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ ApiRoles.WRITE })
    @Operation(summary = "Cancel a request", description = "Publishes a cancellation to video.cancellations. The "
            + "request then ends with a failure of reason cancelled (the upstream task is cancelled where the "
            + "upstream allows it). An optional JSON body {\"reason\": \"...\"} is carried into the failure message.")
    @APIResponse(responseCode = "202", description = "Cancellation published")
    @APIResponse(responseCode = "404", description = "Not known")
    @APIResponse(responseCode = "409", description = "Already finished: nothing to cancel")
    @APIResponse(responseCode = "503", description = "The stores are rebalancing: retry after Retry-After")
    public Uni<Response> cancel(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        String reason = reason(body);
        return statuses.status(id, credentials(headers), false).flatMap(answer -> {
            if (answer instanceof StatusAnswer.Known known && known.view().status().terminal()) {
                return Uni.createFrom().item(ApiProblem.conflict("request " + id + " has already "
                        + known.view().status() + ": nothing to cancel", "already_finished"));
            }
            if (!(answer instanceof StatusAnswer.Known)) {
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
            + "request's state changes (event name = status: submitting, in_progress, completed, failed; data = the "
            + "request as GET returns it), ending after the terminal one. A request not known yet is waited for "
            + "(reelay.api.events.not-found-grace) before the stream ends with a not_found event.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context HttpHeaders headers, @Context Sse sse) {
        Map<String, String> credentials = credentials(headers);
        Instant giveUpUnknown = clock.instant().plus(config.events().notFoundGrace());
        AtomicReference<RequestView> last = new AtomicReference<>();
        AtomicLong sequence = new AtomicLong();
        OutboundSseEvent end = sse.newEvent("end", "");
        return Multi.createFrom().ticks().every(config.events().interval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> statuses.status(id, credentials, false))
                .onItem().transformToMultiAndConcatenate(answer -> {
                    if (answer instanceof StatusAnswer.Known known) {
                        RequestView view = known.view();
                        if (Objects.equals(view, last.getAndSet(view))) {
                            return Multi.createFrom().empty();
                        }
                        // Data as JSON text: a typed event would add a non-standard content-type line to each event.
                        OutboundSseEvent event = sse.newEventBuilder().name(view.status().name())
                                .id(Long.toString(sequence.incrementAndGet())).data(String.class, toJson(view)).build();
                        return view.status().terminal() ? Multi.createFrom().items(event, end)
                                : Multi.createFrom().item(event);
                    }
                    if (answer instanceof StatusAnswer.Unknown && clock.instant().isAfter(giveUpUnknown)) {
                        OutboundSseEvent notFound = sse.newEventBuilder().name("not_found")
                                .data(String.class, toJson(Map.of("request_id", id))).build();
                        return Multi.createFrom().items(notFound, end);
                    }
                    // Not there yet, or the stores are moving: look again at the next tick.
                    return Multi.createFrom().empty();
                })
                .select().first(event -> event != end)
                .select().first(config.events().maxDuration());
    }

    private Response respond(String id, StatusAnswer answer) {
        if (answer instanceof StatusAnswer.Known known) {
            return Response.ok(known.view()).header(SERVED_BY_HEADER, known.servedBy()).build();
        }
        if (answer instanceof StatusAnswer.Unknown) {
            return ApiProblem.notFound(id, retention);
        }
        return ApiProblem.unavailable(((StatusAnswer.Unavailable) answer).reason(), config.query().retryAfter());
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
        } catch (java.io.IOException e) {
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

    private static List<RequestView.FieldError> fieldErrors(List<io.reelay.request.validation.ValidationError> errors) {
        return errors == null ? List.of() : errors.stream().map(e -> new RequestView.FieldError(e.field(), e.code(),
                e.message(), e.allowed().isEmpty() ? null : e.allowed())).toList();
    }

    /** The caller's credentials, passed on when the owner of a request is asked. */
    private static Map<String, String> credentials(HttpHeaders headers) {
        Map<String, String> passed = new HashMap<>();
        for (String name : List.of(HttpHeaders.AUTHORIZATION, ApiKeyAuthMechanism.API_KEY_HEADER)) {
            String value = headers.getHeaderString(name);
            if (value != null) {
                passed.put(name, value);
            }
        }
        return passed;
    }

    private static boolean forwarded(HttpHeaders headers) {
        return headers.getHeaderString(OwnerForwarder.FORWARDED_HEADER) != null;
    }
}
