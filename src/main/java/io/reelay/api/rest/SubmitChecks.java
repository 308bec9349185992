package io.reelay.api.rest;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.reelay.api.RequestView;
import io.reelay.api.security.Caller;
import io.reelay.api.security.Ownership;
import io.reelay.config.ReelayConfig;
import io.reelay.delivery.CallbackHosts;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.decode.MalformedRequestException;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.decode.UndecodableRequestException;
import io.reelay.intake.tenancy.Tenancy;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.intake.validation.Validated;
import io.reelay.kafka.EventSerdes;
import jakarta.ws.rs.core.Response;

/**
 * Every check a posted request passes before anything is published: read within the bounds of JSON published to
 * video.requests, no reserved metadata key, the caller's own tenant, the catalog's rules, a callback host the client
 * may call. One copy, so a submit and its dry run ({@code POST /v1/requests/estimate}) refuse exactly alike.
 */
final class SubmitChecks {

    /** Most rule breaks listed in a refusal (the count says how many there were). */
    static final int MAX_FIELD_ERRORS = 50;

    /** What the checks found: a refusal to answer as it is, or the request as it would be submitted. */
    sealed interface Outcome permits Refused, Passed {
    }

    /** A 400 in the API's envelope, with its {@code validation_errors}. */
    record Refused(Response answer) implements Outcome {
    }

    /** Valid: its id (generated when absent), its tenant, and the validation with the request as it will be sent. */
    record Passed(String id, String tenant, Validated validation) implements Outcome {
    }

    private final RequestDecoder decoder;
    private final RequestValidator validator;
    private final Tenancy tenancy;
    private final ReelayConfig.Api api;
    private final ReelayConfig.Webhooks webhooks;
    private final Clock clock;

    SubmitChecks(RequestValidator validator, ReelayConfig config, Clock clock) {
        // Posted JSON is read within the same bounds as JSON published to video.requests.
        this.decoder = new RequestDecoder(EventSerdes.singleObject(), config.validation());
        this.validator = validator;
        this.tenancy = Tenancy.of(config);
        this.api = config.api();
        this.webhooks = config.webhooks();
        this.clock = clock;
    }

    Outcome check(byte[] body, Caller caller) {
        VideoRequest request;
        try {
            request = decoder.decode(body, RequestDecoder.JSON);
        } catch (MalformedRequestException e) {
            return refused(e.getMessage(), fieldErrors(e.errors()));
        } catch (UndecodableRequestException e) {
            return refused(e.getMessage(), null);
        }
        if (request.metadata() != null && request.metadata().keySet().stream()
                .anyMatch(key -> key != null && key.startsWith(Ownership.RESERVED_PREFIX))) {
            return refused("metadata keys starting with " + Ownership.RESERVED_PREFIX + " are reserved for Reelay",
                    List.of(new RequestView.FieldError("metadata", "reserved_key", "keys starting with "
                            + Ownership.RESERVED_PREFIX + " are Reelay's own", null)));
        }
        // The request is the caller's, and so is its tenant: naming another one is refused, before anything is published.
        Tenancy.Resolved tenant = tenancy.resolve(caller.name(), request.tenant());
        if (!tenant.ok()) {
            return refused(tenant.error().message(), fieldErrors(List.of(tenant.error())));
        }
        String id = request.requestId() == null || request.requestId().isBlank() ? UUID.randomUUID().toString()
                : request.requestId();
        Validated validation = validator.validate(request.withIdentity(id,
                request.requestedAt() != null ? request.requestedAt() : clock.instant()));
        if (!validation.ok()) {
            return refused(validation.summary(), fieldErrors(validation.errors()));
        }
        if (request.callbackUrl() != null && !CallbackHosts.permitted(api.auth().clients(),
                webhooks.callbackHosts(), caller.name(), request.callbackUrl())) {
            return refused("callback_url names a host this API key may not call back",
                    List.of(new RequestView.FieldError("callback_url", "host_not_allowed", "the host is not in "
                            + "this client's reelay.api.auth.clients.<name>.callback-hosts", null)));
        }
        return new Passed(id, tenant.tenant(), validation);
    }

    private static Refused refused(String message, List<RequestView.FieldError> errors) {
        return new Refused(ApiProblem.invalid(message, errors));
    }

    private List<RequestView.FieldError> fieldErrors(List<io.reelay.intake.ValidationError> errors) {
        if (errors == null) {
            return List.of();
        }
        int echo = api.limits().echoChars();
        return errors.stream().limit(MAX_FIELD_ERRORS).map(e -> new RequestView.FieldError(Echo.cap(e.field(), echo),
                e.code(), Echo.cap(e.message(), ApiProblem.MAX_MESSAGE / 2),
                e.allowed().isEmpty() ? null : e.allowed())).toList();
    }
}
