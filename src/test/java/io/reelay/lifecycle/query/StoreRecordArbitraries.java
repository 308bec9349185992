package io.reelay.lifecycle.query;

import java.time.Instant;
import java.util.Map;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The lifecycle's stored records in every shape they come in: each phase, each outcome, optional parts absent. */
public final class StoreRecordArbitraries {

    private StoreRecordArbitraries() {
    }

    /** What a GET can read: an in-flight request or a finished one. */
    public static Arbitrary<RequestStatus> statuses() {
        return Arbitraries.oneOf(inFlight().map(RequestStatusMapper::inFlight),
                finished().map(RequestStatusMapper::finished));
    }

    public static Arbitrary<TrackedTask> inFlight() {
        return Combinators.combine(inFlightWithoutTenant(), optional(tenant()), optional(priority()),
                optional(request()), Arbitraries.of(true, false))
                .as((task, tenant, priority, request, pending) -> TrackedTask.newBuilder(task).setTenant(tenant)
                        .setPriority(priority).setPendingRequest(pending ? request : null)
                        .setSentRequest(pending ? null : request).build());
    }

    /** A request as kept: as admitted, or whatever a hostile record held. */
    public static Arbitrary<io.reelay.events.VideoRequested> request() {
        return Arbitraries.oneOf(text().map(id -> io.reelay.events.VideoRequested.newBuilder().setRequestId(id)
                .setModel("veo3.1").setPrompt("a cat").setMetadata(Map.of("reelay:owner", "acme", "k", id)).build()),
                io.reelay.lifecycle.HostileRequests.requests());
    }

    private static Arbitrary<TrackedTask> inFlightWithoutTenant() {
        Arbitrary<TrackedTask.Builder> identity = Combinators.combine(text(), Arbitraries.of(TrackedPhase.values()),
                optional(text()), optional(text()), optional(text()), metadata())
                .as((id, phase, operation, taskId, rawStatus, metadata) -> TrackedTask.newBuilder().setRequestId(id)
                        .setPhase(phase).setProvider("tokenlab").setModel("veo3.1").setOperation(operation)
                        .setUpstreamTaskId(taskId).setRawStatus(rawStatus).setMetadata(metadata));
        Arbitrary<TrackedTask.Builder> withCost = Combinators.combine(identity, optional(usd()))
                .as((builder, estimate) -> builder.setEstimatedCostUsd(estimate));
        return Combinators.combine(withCost, optional(Arbitraries.integers().between(0, 100)), optional(millis()),
                millis(), optional(millis()), millis(), optional(millis()), Arbitraries.of(true, false))
                .as((builder, progress, requestedAt, intentAt, submittedAt, nextPollAt, expectedEndAt, cancel) ->
                        builder.setProgress(progress).setRequestedAt(requestedAt).setIntentAt(intentAt)
                                .setSubmittedAt(submittedAt).setNextPollAt(nextPollAt).setExpectedEndAt(expectedEndAt)
                                .setCancelRequested(cancel).setPollCount(3).build());
    }

    public static Arbitrary<FinishedRequest> finished() {
        Arbitrary<FinishedRequest> bare = Combinators.combine(text(), Arbitraries.of(true, false), optional(text()),
                millis(), optional(tenant()), optional(priority())).as((id, completed, taskId, at, tenant, priority) ->
                        FinishedRequest.newBuilder().setRequestId(id).setCompleted(completed).setUpstreamTaskId(taskId)
                                .setFinishedAt(at).setTenant(tenant).setPriority(priority).build());
        Arbitrary<VideoCompleted> completions = Combinators.combine(completions(), optional(tenant()),
                optional(priority())).as((event, tenant, priority) -> VideoCompleted.newBuilder(event)
                        .setTenant(tenant).setPriority(priority).build());
        Arbitrary<VideoFailed> failures = Combinators.combine(failures(), optional(tenant()), optional(priority()))
                .as((event, tenant, priority) -> VideoFailed.newBuilder(event).setTenant(tenant).setPriority(priority)
                        .build());
        Arbitrary<FinishedRequest> withCompletion = completions.map(event -> FinishedRequest.newBuilder()
                .setRequestId(event.getRequestId()).setCompleted(true).setUpstreamTaskId(event.getUpstreamTaskId())
                .setFinishedAt(event.getCompletedAt().toEpochMilli()).setCompletion(event).build());
        Arbitrary<FinishedRequest> withFailure = failures.map(event -> FinishedRequest.newBuilder()
                .setRequestId(event.getRequestId()).setCompleted(false).setUpstreamTaskId(event.getUpstreamTaskId())
                .setFinishedAt(event.getFailedAt().toEpochMilli()).setFailure(event).build());
        return Combinators.combine(Arbitraries.oneOf(bare, withCompletion, withFailure), optional(request()))
                .as((done, request) -> FinishedRequest.newBuilder(done).setRequest(request).build());
    }

    static Arbitrary<VideoCompleted> completions() {
        Arbitrary<io.reelay.events.StoredCopy> copy = Combinators.combine(text(), Arbitraries.longs().between(0,
                Long.MAX_VALUE), instant()).as((key, size, expires) -> io.reelay.events.StoredCopy.newBuilder()
                        .setBucket("videos").setKey(key).setSizeBytes(size).setSha256("ab").setContentType("video/mp4")
                        .setUrl("https://s3.example/" + key).setUrlExpiresAt(expires).build());
        Arbitrary<VideoAsset> asset = Combinators.combine(text(), optional(Arbitraries.doubles().between(0, 60)),
                optional(Arbitraries.integers().between(1, 4096)), optional(text()), optional(copy), optional(copy))
                .as((url, seconds, width, fileName, stored, frame) -> VideoAsset.newBuilder().setUrl(url)
                        .setDurationSeconds(seconds).setWidth(width).setHeight(width).setFileName(fileName)
                        .setStored(stored).setLastFrameStored(frame).build());
        return Combinators.combine(text(), asset.list().ofMaxSize(3), optional(instant()), instant(),
                optional(instant()), metadata(), optional(usd()), optional(usd()))
                .as((id, videos, requestedAt, completedAt, expires, metadata, estimate, charged) -> VideoCompleted
                        .newBuilder()
                        .setRequestId(id).setUpstreamTaskId("t-" + id).setProvider("hub").setModel("veo-3.1")
                        .setVideos(videos).setRequestedAt(requestedAt).setCompletedAt(completedAt)
                        .setUrlsExpireAt(expires).setPollCount(7).setMetadata(metadata)
                        .setEstimatedCostUsd(estimate).setActualCostUsd(charged).build())
                .flatMap(event -> optional(answer()).map(answer -> VideoCompleted.newBuilder(event)
                        .setUpstreamAnswer(answer).build()))
                .flatMap(event -> optional(Arbitraries.of(io.reelay.events.MirrorStatus.class)).map(status -> {
                    VideoCompleted mirrored = VideoCompleted.newBuilder(event).setMirrorStatus(status).build();
                    if (status == io.reelay.events.MirrorStatus.failed) {
                        mirrored.setMirrorFailures(java.util.List.of(io.reelay.events.CopyFailure.newBuilder()
                                .setVideoIndex(0).setFile("video").setReason("too_large").setMessage("over the limit")
                                .setRetryable(false).setAttempts(1).build()));
                    }
                    return mirrored;
                }));
    }

    static Arbitrary<VideoFailed> failures() {
        Arbitrary<UpstreamErrorDetail> upstream = Combinators.combine(optional(Arbitraries.integers().between(400,
                599)), optional(text()), optional(Arbitraries.longs().between(1, 60)))
                .as((status, code, retryAfter) -> UpstreamErrorDetail.newBuilder().setHttpStatus(status).setCode(code)
                        .setRetryAfterSeconds(retryAfter).build());
        Arbitrary<ValidationError> rule = Combinators.combine(text(), text(), text().list().ofMaxSize(2))
                .as((field, code, allowed) -> ValidationError.newBuilder().setField(field).setCode(code)
                        .setMessage("broken").setAllowed(allowed).build());
        Arbitrary<VideoFailed.Builder> what = Combinators.combine(text(), Arbitraries.of(FailureReason.values()), text(),
                Arbitraries.of(true, false), optional(upstream), optional(rule.list().ofMaxSize(2)))
                .as((id, reason, message, retryable, error, rules) -> VideoFailed.newBuilder().setRequestId(id)
                        .setReason(reason).setMessage(message).setRetryable(retryable).setUpstreamError(error)
                        .setValidationErrors(rules));
        return Combinators.combine(what, optional(text()), optional(instant()), instant(), metadata(), optional(usd()),
                        optional(usd()))
                .as((builder, taskId, submittedAt, failedAt, metadata, estimate, charged) -> builder
                        .setUpstreamTaskId(taskId).setSubmittedAt(submittedAt).setFailedAt(failedAt)
                        .setMetadata(metadata).setEstimatedCostUsd(estimate).setActualCostUsd(charged).build())
                .flatMap(event -> optional(answer()).map(answer -> VideoFailed.newBuilder(event)
                        .setUpstreamAnswer(answer).build()));
    }

    /** Metadata as the tracker keeps it: none, the producer's, an owner, or only Reelay's own keys. */
    static Arbitrary<Map<String, String>> metadata() {
        return Arbitraries.of(null, Map.of(), Map.of("source", "web"), Map.of("reelay:owner", "acme"),
                Map.of("source", "web", "reelay:owner", "globex"), Map.of("reelay:other", "x"));
    }

    /** An amount in USD as the events carry it: 6 decimal places. */
    private static Arbitrary<java.math.BigDecimal> usd() {
        return Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, new java.math.BigDecimal("10000"))
                .ofScale(6);
    }

    /** An upstream answer as kept on a terminal event: JSON text, with quotes and non-ASCII to escape. */
    private static Arbitrary<String> answer() {
        return text().map(status -> "{\"status\":\"" + status + "\",\"ready\":true,\"note\":\"\u89c6\u9891\"}");
    }

    private static Arbitrary<String> tenant() {
        return Arbitraries.of("default", "acme", "team-a.batch_2");
    }

    private static Arbitrary<Integer> priority() {
        return Arbitraries.integers().between(1, 5);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    }

    /** Epoch millis, 0 and negatives included (the store's "not set"). */
    private static Arbitrary<Long> millis() {
        return Arbitraries.oneOf(Arbitraries.of(0L, -1L), Arbitraries.longs().between(1, 4_000_000_000_000L));
    }

    private static Arbitrary<Instant> instant() {
        return Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
    }

    private static <T> Arbitrary<T> optional(Arbitrary<T> value) {
        return value.injectNull(0.3);
    }
}
