package io.reelay.intake.triage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.EventSerdes;
import io.reelay.kafka.RequestOwners;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.intake.validation.Validated;
import io.reelay.intake.ValidationError;
import io.reelay.intake.Echo;
import io.reelay.intake.IntakeLimits;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.decode.MalformedRequestException;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.decode.UndecodableRequestException;
import io.reelay.intake.tenancy.Tenancy;

/**
 * What a record of video.requests amounts to: unreadable (dead-letter it), refused (fail it with
 * field errors), or a valid request ready to submit. Pure: no I/O. Total: {@link #read} returns an
 * outcome for every record, whatever its bytes, key and headers; every text in an outcome is bounded.
 */
public final class RequestIntake {

    /** The outcome of reading one record. */
    public sealed interface Outcome permits Undecodable, Refused, Accepted {
    }

    /**
     * Not a request at all, or one that cannot be named (no usable request id): goes to the dead-letter topic
     * with {@code reason}, cut to {@link IntakeLimits#MAX_REASON_LENGTH}.
     */
    public record Undecodable(String reason, Throwable cause) implements Outcome {
        public Undecodable {
            reason = Echo.truncate(reason == null ? "unreadable record" : reason, IntakeLimits.MAX_REASON_LENGTH);
        }
    }

    /**
     * A request, identified, that breaks rules: ends in invalid_request. {@code request} is a bounded copy of what
     * could be read (see {@link RefusalCopy}): its model is never null, so it maps onto VideoRequested.
     */
    public record Refused(VideoRequest request, Validated validation) implements Outcome {
    }

    /** A valid request, completed (operation explicit, model defaults applied). */
    public record Accepted(Validated validation) implements Outcome {
        public VideoRequest request() {
            return validation.request();
        }
    }

    /** Longest content-type header read: enough for any real one, and the rest is never looked at. */
    private static final int MAX_CONTENT_TYPE_BYTES = 256;

    private final RequestDecoder decoder;
    private final RequestValidator validator;
    private final ReelayConfig.Validation rules;
    private final IntakeLimits limits = IntakeLimits.DEFAULTS;
    private final Tenancy tenancy;

    /** Reads Avro requests in single-object encoding; the default tenant is {@value Tenancy#DEFAULT_TENANT}. */
    public RequestIntake(RequestValidator validator) {
        this(validator, EventSerdes.singleObject());
    }

    /** Reads Avro requests in the wire format(s) of {@code serdes}; the default tenant is the default one. */
    public RequestIntake(RequestValidator validator, EventSerdes serdes) {
        this(validator, serdes, Tenancy.DEFAULTS);
    }

    /** Reads Avro requests in the wire format(s) of {@code serdes}, and resolves tenants by {@code tenancy}. */
    public RequestIntake(RequestValidator validator, EventSerdes serdes, Tenancy tenancy) {
        this.validator = validator;
        this.rules = validator.validation();
        this.decoder = new RequestDecoder(serdes, rules);
        this.tenancy = tenancy;
    }

    /**
     * The outcome of a request whose owner is known (the API client whose signature it carries; null: none). Reelay's
     * own metadata keys come only from Reelay: a producer's {@code reelay:} keys are dropped, the owner is set. The
     * tenant is resolved ({@link Tenancy}): an accepted request that names a tenant it may not have is refused, and
     * a refused one gets the tenant error among its others. Every request outcome leaves with a tenant name; an
     * undecodable one is returned as it is. Total, like {@link #read}.
     */
    public Outcome owned(Outcome outcome, String owner) {
        if (!(outcome instanceof Accepted) && !(outcome instanceof Refused)) {
            return outcome;
        }
        boolean accepted = outcome instanceof Accepted;
        Validated validation = accepted ? ((Accepted) outcome).validation() : ((Refused) outcome).validation();
        VideoRequest request = validation.request();
        Tenancy.Resolved tenant = tenancy.resolve(owner, request.tenant());
        VideoRequest owned = request.toBuilder()
                .metadata(RequestOwners.withOwner(request.metadata(), owner, accepted))
                .tenant(tenant.tenant())
                .build();
        if (tenant.ok()) {
            Validated same = new Validated(owned, validation.model(), validation.errors());
            return accepted ? new Accepted(same) : new Refused(owned, same);
        }
        List<ValidationError> errors = new ArrayList<>(validation.errors());
        errors.add(tenant.error());
        VideoRequest copy = accepted
                ? RefusalCopy.of(owned, limits, rules.maxPromptLength(), owned.requestedAt()).toBuilder()
                        .tenant(tenant.tenant()).build()
                : owned;
        return new Refused(copy, new Validated(copy, validation.model(), errors));
    }

    /** The tenancy rules this intake resolves by. */
    public Tenancy tenancy() {
        return tenancy;
    }

    /**
     * @param key the record key (stands in for a missing request_id)
     * @param recordTime the record timestamp (stands in for a missing requested_at)
     * @throws SchemaRegistryUnavailableException when the record needs the schema registry and it does not answer:
     *     the record is not at fault, so it is neither refused nor dead-lettered. Nothing else is thrown.
     */
    public Outcome read(String key, byte[] value, Headers headers, Instant recordTime) {
        try {
            return readOrThrow(key, value, headers, recordTime);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (Throwable e) { // NOPMD: the contract is an outcome for every record, whatever went wrong
            return new Undecodable("unreadable record (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private Outcome readOrThrow(String key, byte[] value, Headers headers, Instant recordTime) {
        VideoRequest decoded;
        List<ValidationError> readErrors = List.of();
        try {
            decoded = decoder.decode(value, contentType(headers));
        } catch (UndecodableRequestException e) {
            return new Undecodable(e.getMessage(), e);
        } catch (MalformedRequestException e) {
            decoded = e.partial();
            readErrors = e.errors();
        }
        if (readErrors.stream().anyMatch(e -> e.field().equals("request_id"))) {
            return new Undecodable("request_id is not a string, so the request cannot be named", null);
        }
        String id = decoded.requestId();
        if (id == null || id.isBlank()) {
            if (!limits.usableId(key)) {
                return new Undecodable("request_id is absent and the record key " + unusable(key)
                        + ", so the request cannot be named", null);
            }
            id = key;
        } else if (!limits.usableId(id)) {
            return new Undecodable("request_id " + unusable(id) + ", so the request cannot be named", null);
        }
        Instant at = decoded.requestedAt() != null ? decoded.requestedAt() : recordTime;
        VideoRequest request = decoded.withIdentity(id, at);
        if (!readErrors.isEmpty()) {
            return refused(request, new Validated(request, null, readErrors), recordTime);
        }
        Validated validation;
        try {
            validation = validator.validate(request);
        } catch (RuntimeException | StackOverflowError e) {
            // A rule that fails on its input must not let the request through: refuse it, and say so.
            validation = new Validated(request, null, List.of(ValidationError.of("request", "not_validated",
                    "the request could not be validated (" + e.getClass().getSimpleName() + "); it was not sent")));
        }
        return validation.ok() ? new Accepted(validation) : refused(request, validation, recordTime);
    }

    private Refused refused(VideoRequest request, Validated validation, Instant recordTime) {
        VideoRequest copy = RefusalCopy.of(request, limits, rules.maxPromptLength(), recordTime);
        return new Refused(copy, new Validated(copy, validation.model(), validation.errors()));
    }

    private String unusable(String id) {
        if (id == null || id.isEmpty()) {
            return "is absent";
        }
        if (id.length() > limits.maxRequestIdLength()) {
            return "is longer than " + limits.maxRequestIdLength() + " characters";
        }
        return "\"" + Echo.quote(id) + "\" has characters other than " + IntakeLimits.ID_CHARACTERS;
    }

    /**
     * Validates a request again, as it is about to be paid for: an intent read back, resumed after a crash or
     * retried is checked against today's catalog and URL policy like a new request (but a model retired since its
     * admission does not stop it: see {@link RequestValidator#revalidate}).
     */
    public Validated revalidate(VideoRequest request) {
        return validator.revalidate(request);
    }

    private static String contentType(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(RequestDecoder.CONTENT_TYPE_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] v = header.value();
        return new String(v, 0, Math.min(v.length, MAX_CONTENT_TYPE_BYTES), StandardCharsets.UTF_8);
    }
}
