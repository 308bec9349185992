package io.reelay.lifecycle.streams;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.reelay.config.ReelayConfig;
import io.reelay.ledger.LedgerEntries;
import io.reelay.events.FailureReason;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.DeadLetters.Code;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.RequestOwners;
import io.reelay.kafka.Topics;
import io.reelay.kafka.TraceHeaders;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.intake.validation.Validated;
import io.reelay.intake.ValidationError;
import io.reelay.lifecycle.Deadline;
import io.reelay.lifecycle.OwnMarks;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.submit.mapping.TaskEventFactory;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.observability.tracing.TrackerTracing;
import io.reelay.upstream.VideoProvider;

/**
 * Reads a record of video.requests: an unreadable one goes to the dead-letter topic byte for byte,
 * a repeat of a known request id is dropped, an invalid request ends with invalid_request, and a
 * valid one is stored as {@code submitting} with its intent written in the same transaction.
 */
final class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class);

    private final ReelayConfig.Tracker tracker;
    private final RequestIntake intake;
    private final Function<String, VideoProvider> providers;
    private final OwnMarks marks;
    private final TrackerState store;
    private final TrackerOutputs outputs;
    private final Endings endings;
    private final TrackerMetrics metrics;
    private final TrackerTracing tracing;
    private final RequestOwners owners;
    private final SchemaWait schemas;
    private final Parking parking;

    /** Whether a tenant has a spending limit: its requests then wait for the ledger to confirm the reservation. */
    private final java.util.function.Predicate<String> spendLimited;

    Admission(ReelayConfig.Tracker tracker, RequestIntake intake, Function<String, VideoProvider> providers,
            OwnMarks marks, TrackerState store, TrackerOutputs outputs, Endings endings, TrackerMetrics metrics,
            TrackerTracing tracing, RequestOwners owners, SchemaWait schemas, Parking parking,
            java.util.function.Predicate<String> spendLimited) {
        this.spendLimited = spendLimited;
        this.tracker = tracker;
        this.metrics = metrics;
        this.tracing = tracing;
        this.intake = intake;
        this.providers = providers;
        this.marks = marks;
        this.store = store;
        this.outputs = outputs;
        this.endings = endings;
        this.owners = owners;
        this.schemas = schemas;
        this.parking = parking;
    }

    /**
     * Reads the record under its admission span: the request's trace starts here (continuing the
     * producer's), and everything written for it on the way is that span's child.
     */
    void onRequest(Record<String, byte[]> record, long now) {
        Span span = tracing.startAdmission(record.headers(), record.key());
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute(TrackerTracing.OUTCOME, read(record, span, now));
        } finally {
            span.end();
        }
    }

    /** @return what became of the record, for its span */
    private String read(Record<String, byte[]> record, Span span, long now) {
        RequestIntake.Outcome outcome = intake.read(record.key(), record.value(), record.headers(),
                Instant.ofEpochMilli(record.timestamp()));
        if (outcome instanceof RequestIntake.Undecodable first && schemas.becameKnown(first.cause())) {
            outcome = intake.read(record.key(), record.value(), record.headers(), Instant.ofEpochMilli(record.timestamp()));
        }
        var unseen = outcome instanceof RequestIntake.Undecodable u ? SchemaWait.find(u.cause()) : null;
        if (unseen != null && !unseen.isPermanent()) {
            // The registry has not given its schema yet: the record waits, and is read again once it has.
            if (parking.park(record, outputs.origin(), unseen.schemaId(), now)) {
                return "parked";
            }
            var undecodable = (RequestIntake.Undecodable) outcome;
            outputs.deadLetter(record, Code.schema_unavailable, undecodable.reason(), undecodable.cause(), now);
            return "dead_lettered";
        }
        if (outcome instanceof RequestIntake.Undecodable undecodable) {
            LOG.warnf("Undecodable record on %s sent to %s: %s", Topics.REQUESTS, Topics.REQUESTS_DLQ,
                    RecordLimits.quote(undecodable.reason()));
            outputs.deadLetter(record, Code.undecodable, undecodable.reason(), undecodable.cause(), now);
            return "dead_lettered";
        }
        // The owner only from the API's signed headers, never a producer; it decides the tenant, too.
        String id = outcome instanceof RequestIntake.Accepted a ? a.request().requestId()
                : ((RequestIntake.Refused) outcome).request().requestId();
        outcome = intake.owned(outcome, owners.owner(record.headers(), id));
        VideoRequest request = outcome instanceof RequestIntake.Accepted a ? a.request()
                : ((RequestIntake.Refused) outcome).request();
        Validated validation = outcome instanceof RequestIntake.Accepted a ? a.validation()
                : ((RequestIntake.Refused) outcome).validation();
        if (!record.key().equals(request.requestId())) {
            // Its key would send its lifecycle records to another partition than the one holding it.
            outputs.deadLetter(record, Code.key_mismatch, "the record key " + RecordLimits.quote(record.key())
                    + " is not its request_id " + RecordLimits.quote(request.requestId()), null, now);
            return "dead_lettered";
        }
        String provider = validation.model() == null ? null : validation.model().provider();
        span.setAttribute(TrackerTracing.REQUEST_ID, request.requestId());
        if (validation.model() != null) { // an unknown model id is the producer's text: not an attribute
            span.setAttribute(TrackerTracing.MODEL, request.model());
            span.setAttribute(TrackerTracing.PROVIDER, provider);
        }
        if (store.known(request.requestId())) {
            LOG.infof("Request %s was seen before: not submitted again", request.requestId());
            metrics.repeated(provider, request.model(), request.tenant());
            outputs.deadLetter(record, Code.duplicate_request, "request " + request.requestId() + " is already in flight"
                    + " or has ended: a request id is submitted once", null, now);
            return "repeated";
        }
        metrics.received(provider, request.model(), request.tenant());
        if (outcome instanceof RequestIntake.Accepted accepted) {
            var tooLarge = tooLarge(accepted.validation());
            if (tooLarge == null) {
                return admit(accepted.validation(), span, now);
            }
            validation = tooLarge;
        }
        LOG.infof("Request %s refused before any upstream call: %s", request.requestId(),
                RecordLimits.quote(validation.summary()));
        metrics.rejected(provider, request.model(), request.tenant(),
                validation.errors().isEmpty() ? null : validation.errors().get(0).code());
        endings.endBeforeSubmit(TaskEventFactory.invalid(request, validation, Instant.ofEpochMilli(now)), null, now);
        return "rejected";
    }

    /**
     * A valid request too large to travel in its intent and stay in the in-flight store: refused, with the reason,
     * rather than written in a record the broker would refuse. Null when it fits.
     */
    private static Validated tooLarge(Validated validation) {
        int size = OutputBounds.requestBytes(RequestMapper.toEvent(validation.request()));
        if (size <= RecordLimits.MAX_REQUEST_BYTES) {
            return null;
        }
        return new Validated(validation.request(), validation.model(), List.of(ValidationError.of("request",
                "too_large", "the request is " + size + " bytes encoded; at most " + RecordLimits.MAX_REQUEST_BYTES
                        + " are accepted (send media as https URLs rather than data: URLs)")));
    }

    /** Records the intent to submit, durably with this record's offset; the call waits for it to commit. */
    private String admit(Validated validation, Span span, long now) {
        VideoRequest request = validation.request();
        String provider = validation.model().provider();
        if (providers.apply(provider) == null) {
            endings.endBeforeSubmit(TaskEventFactory.submitFailed(request, provider, FailureReason.internal_error,
                    "provider " + provider + " of model " + request.model() + " is not configured", null, true,
                    Instant.ofEpochMilli(now)), null, now);
            return "failed";
        }
        BigDecimal estimate = validation.estimatedCost().orElse(null);
        VideoTaskEvent intent = TaskEventFactory.submitting(request, provider, estimate, Instant.ofEpochMilli(now));
        TrackedTask task = TrackedTasks.admitted(intent, now,
                Deadline.forRequest(request.model(), request.maxWaitSeconds(), tracker).toMillis(),
                TraceHeaders.traceParent(Context.root().with(span)));
        // A limited tenant's request is not submitted before the ledger, where the tenant's spending is serialised,
        // has confirmed its reservation (docs/tenants.md, "Spending limits").
        boolean limited = spendLimited.test(LedgerEntries.tenantOf(task.getTenant()));
        if (limited) {
            task.setReservationPending(true);
        }
        store.save(task);
        marks.intentWritten(request.requestId());
        outputs.task(intent, task.getTraceParent(), now);
        // Reserved with the admission itself (same transaction): a replay finds the request stored and writes none.
        outputs.ledger(LedgerEntries.reserve(task, limited, now), now);
        if (estimate != null) {
            metrics.estimated(provider, request.model(), request.tenant(), estimate);
        }
        return "admitted";
    }

}
