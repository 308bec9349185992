package io.reelay.lifecycle.submit.mapping;

import java.math.BigDecimal;
import java.time.Instant;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.intake.tenancy.Priority;
import io.reelay.intake.validation.Validated;
import io.reelay.upstream.SubmittedTask;

/** Builds the lifecycle events the submitter writes to video.tasks. */
public final class TaskEventFactory {

    private TaskEventFactory() {
    }

    public static VideoTaskEvent submitting(VideoRequest request, String provider, Instant now) {
        return submitting(request, provider, null, now);
    }

    /** The intent to submit, with the request's cost estimate (null: none). */
    public static VideoTaskEvent submitting(VideoRequest request, String provider, BigDecimal estimatedCostUsd,
            Instant now) {
        return base(request, provider, VideoTaskEventType.submitting, now)
                .setRequest(RequestMapper.toEvent(request))
                .setEstimatedCostUsd(estimatedCostUsd)
                .build();
    }

    public static VideoTaskEvent created(VideoRequest request, String provider, SubmittedTask task, Instant now) {
        return created(request, provider, task, null, now);
    }

    /** The upstream task exists; the event carries the estimate its intent carried (null: none). */
    public static VideoTaskEvent created(VideoRequest request, String provider, SubmittedTask task,
            BigDecimal estimatedCostUsd, Instant now) {
        return base(request, provider, VideoTaskEventType.created, now)
                .setRequest(RequestMapper.toEvent(request))
                .setEstimatedCostUsd(estimatedCostUsd)
                .setUpstreamTaskId(task.upstreamTaskId())
                .setPollUrl(task.pollUrl())
                .setRawStatus(task.rawStatus())
                .setSubmittedAt(now)
                .build();
    }

    public static VideoTaskEvent submitFailed(VideoRequest request, String provider, FailureReason reason,
            String message, UpstreamErrorDetail upstreamError, boolean retryable, Instant now) {
        return base(request, provider, VideoTaskEventType.submit_failed, now)
                .setRequest(RequestMapper.toEvent(request))
                .setFailureReason(reason)
                .setFailureMessage(message)
                .setUpstreamError(upstreamError)
                .setRetryable(retryable)
                .build();
    }

    /** The request broke validation rules: refused before any upstream call. */
    public static VideoTaskEvent invalid(VideoRequest request, Validated validation, Instant now) {
        return base(request, validation.model() == null ? null : validation.model().provider(),
                VideoTaskEventType.submit_failed, now)
                .setRequest(RequestMapper.toEvent(request))
                .setFailureReason(FailureReason.invalid_request)
                .setFailureMessage(validation.summary())
                .setValidationErrors(validation.errors().stream()
                        .map(e -> ValidationError.newBuilder()
                                .setField(e.field())
                                .setCode(e.code())
                                .setMessage(e.message())
                                .setAllowed(e.allowed())
                                .build())
                        .toList())
                .setRetryable(false)
                .build();
    }

    /** The mark written just before a paid call goes out. */
    public static VideoTaskEvent sending(VideoTaskEvent intent, Instant now) {
        return VideoTaskEvent.newBuilder(intent)
                .setType(VideoTaskEventType.sending)
                .setOccurredAt(now)
                .setRequest(null)
                .build();
    }

    /**
     * The process that wrote the sending mark at {@code markAt} gives the request up without having made that call:
     * written after its partition was handed over, so the new owner resumes it instead of waiting for an answer that
     * cannot come.
     */
    public static VideoTaskEvent unsent(VideoTaskEvent intent, Instant markAt, Instant now) {
        return VideoTaskEvent.newBuilder(intent)
                .setType(VideoTaskEventType.unsent)
                .setOccurredAt(now)
                .setRequest(null)
                .setMarkAt(markAt)
                .build();
    }

    /**
     * The circuit breaker held the call back (it never left) after the stream task that would have put it back in its
     * queue had closed: answered as a clear, retryable refusal, so the partition's owner retries it.
     */
    public static VideoTaskEvent heldBack(VideoTaskEvent intent, Instant now) {
        return submitFailed(RequestMapper.toDomain(intent.getRequest()), intent.getProvider(),
                FailureReason.upstream_unavailable, HELD_BACK, null, true, now);
    }

    /** What {@link #heldBack} says. */
    public static final String HELD_BACK = "The upstream's circuit breaker held the submit back while this instance "
            + "gave the request up; it was not sent and nothing was charged";

    /**
     * Informational: the request waits in its provider's submit queue, at {@code position}, expected to start and
     * finish at the times given (null: no estimate). Written once when it starts waiting; nothing reads it to act.
     */
    public static VideoTaskEvent queued(VideoTaskEvent intent, int position, Instant estimatedStartAt,
            Instant estimatedFinishAt, Instant now) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(intent.getRequestId())
                .setType(VideoTaskEventType.queued)
                .setOccurredAt(now)
                .setProvider(intent.getProvider())
                .setModel(intent.getModel())
                .setOperation(intent.getOperation())
                .setRequestedAt(intent.getRequestedAt())
                .setTenant(intent.getTenant())
                .setPriority(intent.getPriority())
                .setQueuePosition(position)
                .setEstimatedStartAt(estimatedStartAt)
                .setEstimatedFinishAt(estimatedFinishAt)
                .build();
    }

    /** A request cancelled before Reelay saw it: no tenant or priority is known. */
    public static VideoTaskEvent cancelled(String requestId, String message, Instant now) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(requestId)
                .setType(VideoTaskEventType.submit_failed)
                .setOccurredAt(now)
                .setProvider("none")
                .setModel("")
                .setFailureReason(FailureReason.cancelled)
                .setFailureMessage(message)
                .setRetryable(false)
                .build();
    }

    private static VideoTaskEvent.Builder base(VideoRequest request, String provider, VideoTaskEventType type,
            Instant now) {
        return VideoTaskEvent.newBuilder()
                .setRequestId(request.requestId())
                .setType(type)
                .setOccurredAt(now)
                .setProvider(provider == null ? "none" : provider)
                .setModel(request.model() == null ? "" : request.model())
                .setOperation(request.operation())
                .setRequestedAt(request.requestedAt())
                // The tenant is resolved at admission (a tenant name); a refused priority is served as the default.
                .setTenant(request.tenant())
                .setPriority(Priority.effective(request.priority()));
    }
}
