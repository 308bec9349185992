package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoRequested;
import io.reelay.lifecycle.query.RequestStatus.State;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Each stored record, in every phase and outcome, as the status a caller reads. */
class RequestStatusMapperTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aRequestWhoseSubmitMayBeUnderWayIsSubmittingWithNoPollPlannedYet() {
        TrackedTask task = task(TrackedPhase.submitting, null).setSubmittedAt(null).setUpstreamTaskId(null)
                .setPollCount(0).build();

        RequestStatus status = RequestStatusMapper.inFlight(task);

        assertThat(status.state()).isEqualTo(State.SUBMITTING);
        assertThat(status.upstreamTaskId()).isNull();
        assertThat(status.polls()).isZero();
        // The stored poll times are placeholders until the task exists.
        assertThat(status.timings()).isEqualTo(new RequestStatus.Timings(T0, T0.plusSeconds(1), null, null, null,
                null, null));
        assertThat(status.videos()).isNull();
        assertThat(status.failure()).isNull();
    }

    @Test
    void aRequestWithItsUpstreamTaskIsInProgressWithWhatTheUpstreamLastSaid() {
        TrackedTask task = task(TrackedPhase.in_flight, Map.of("source", "web")).build();

        RequestStatus status = RequestStatusMapper.inFlight(task);

        assertThat(status).isEqualTo(new RequestStatus("r-1", State.IN_PROGRESS, "tokenlab", "veo3.1",
                "text-to-video", "t-1", "processing", 40, false, 3,
                new RequestStatus.Timings(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(30),
                        T0.plusSeconds(90), null, null),
                null, null, null, Map.of("source", "web"), null));
        assertThat(status.state().terminal()).isFalse();
    }

    @Test
    void aCancellationUnderWayIsShown() {
        TrackedTask task = task(TrackedPhase.in_flight, null).setCancelRequested(true).build();

        assertThat(RequestStatusMapper.inFlight(task).cancelRequested()).isTrue();
    }

    @Test
    void timesTheStoreHasNotSetAreUnknownNotTheEpoch() {
        TrackedTask task = task(TrackedPhase.in_flight, null).setRequestedAt(null).setSubmittedAt(0L)
                .setExpectedEndAt(null).build();

        RequestStatus.Timings timings = RequestStatusMapper.inFlight(task).timings();

        assertThat(timings.requestedAt()).isNull();
        assertThat(timings.submittedAt()).isNull();
        assertThat(timings.expectedEndAt()).isNull();
        assertThat(timings.acceptedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aCompletedRequestShowsItsVideosAndWhenTheirUrlsExpire() {
        VideoCompleted event = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1")
                .setProvider("hub").setModel("veo-3.1").setOperation("image-to-video")
                .setVideos(List.of(VideoAsset.newBuilder().setUrl("https://cdn/v.mp4").setDurationSeconds(8.0)
                        .setWidth(1280).setHeight(720).setContentType("video/mp4").setFileSizeBytes(1_000L).build()))
                .setRequestedAt(T0).setSubmittedAt(T0.plusSeconds(2)).setUpstreamCompletedAt(T0.plusSeconds(60))
                .setCompletedAt(T0.plusSeconds(61)).setUrlsExpireAt(T0.plusSeconds(3600)).setPollCount(5)
                .setMetadata(Map.of("reelay:owner", "acme", "source", "web")).build();

        RequestStatus status = RequestStatusMapper.finished(finished(true).setCompletion(event).build());

        assertThat(status).isEqualTo(new RequestStatus("r-1", State.COMPLETED, "hub", "veo-3.1", "image-to-video",
                "t-1", null, 100, false, 5,
                new RequestStatus.Timings(T0, null, T0.plusSeconds(2), null, null, T0.plusSeconds(60),
                        T0.plusSeconds(61)),
                List.of(new RequestStatus.Video("https://cdn/v.mp4", 8.0, 1280, 720, null, "video/mp4", null,
                        1_000L)),
                T0.plusSeconds(3600), null, Map.of("source", "web"), "acme"));
        assertThat(status.state().terminal()).isTrue();
    }

    @Test
    void theCostEstimateIsShownFromAdmissionOnAndTheChargeOnceEnded() {
        java.math.BigDecimal estimate = new java.math.BigDecimal("3.200000");
        TrackedTask task = TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.submitting)
                .setProvider("tokenlab").setModel("veo3.1").setIntentAt(T0.toEpochMilli())
                .setEstimatedCostUsd(estimate).build();
        VideoCompleted completion = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1")
                .setProvider("tokenlab").setModel("veo3.1").setVideos(List.of()).setCompletedAt(T0)
                .setEstimatedCostUsd(estimate).setActualCostUsd(new java.math.BigDecimal("3.000000")).build();
        VideoFailed failure = VideoFailed.newBuilder().setRequestId("r-2").setReason(FailureReason.upstream_failed)
                .setMessage("no").setRetryable(false).setFailedAt(T0).setEstimatedCostUsd(estimate).build();

        assertThat(RequestStatusMapper.inFlight(task)).extracting(RequestStatus::estimatedCostUsd,
                RequestStatus::actualCostUsd).containsExactly(estimate, null);
        assertThat(RequestStatusMapper.finished(finished(true).setCompletion(completion).build()))
                .extracting(RequestStatus::estimatedCostUsd, RequestStatus::actualCostUsd)
                .containsExactly(estimate, new java.math.BigDecimal("3.000000"));
        assertThat(RequestStatusMapper.finished(finished(false).setRequestId("r-2").setFailure(failure).build()))
                .extracting(RequestStatus::estimatedCostUsd, RequestStatus::actualCostUsd)
                .containsExactly(estimate, null);
    }

    @Test
    void tenantAndPriorityAreShownFromAdmissionToTheEnd() {
        TrackedTask task = task(TrackedPhase.in_flight, null).setTenant("team-a").setPriority(1).build();
        VideoFailed failure = failure().setTenant("team-a").setPriority(1).build();

        assertThat(RequestStatusMapper.inFlight(task)).extracting(RequestStatus::tenant, RequestStatus::priority)
                .containsExactly("team-a", 1);
        assertThat(RequestStatusMapper.finished(finished(false).setFailure(failure).build()))
                .extracting(RequestStatus::tenant, RequestStatus::priority).containsExactly("team-a", 1);
        assertThat(RequestStatusMapper.finished(finished(true).setTenant("acme").setPriority(5).build()))
                .as("finished before outcomes were kept with it").extracting(RequestStatus::tenant,
                        RequestStatus::priority).containsExactly("acme", 5);
        assertThat(RequestStatusMapper.inFlight(task(TrackedPhase.in_flight, null).build()))
                .as("stored before tenants existed").extracting(RequestStatus::tenant, RequestStatus::priority)
                .containsExactly(null, null);
    }

    @Test
    void aFailedRequestShowsWhyWithTheUpstreamsErrorAndTheBrokenRules() {
        VideoFailed event = failure().setUpstreamError(UpstreamErrorDetail.newBuilder().setHttpStatus(400)
                .setCode("content_policy").setMessage("refused").setRetryAfterSeconds(null).build())
                .setValidationErrors(List.of(ValidationError.newBuilder().setField("duration").setCode("not_allowed")
                        .setMessage("must be one of 4, 8").setAllowed(List.of("4", "8")).build(),
                        ValidationError.newBuilder().setField("prompt").setCode("required").setMessage("missing")
                                .setAllowed(List.of()).build()))
                .build();

        RequestStatus status = RequestStatusMapper.finished(finished(false).setFailure(event).build());

        assertThat(status).isEqualTo(new RequestStatus("r-1", State.FAILED, "tokenlab", "veo3.1", null, "t-1", null,
                null, false, null,
                new RequestStatus.Timings(T0, null, T0.plusSeconds(2), null, null, null, T0.plusSeconds(9)),
                null, null,
                new RequestStatus.Failure("upstream_rejected", "the upstream refused it", false,
                        new RequestStatus.UpstreamError(400, "content_policy", null, "refused", null, null),
                        List.of(new RequestStatus.FieldError("duration", "not_allowed", "must be one of 4, 8",
                                List.of("4", "8")),
                                new RequestStatus.FieldError("prompt", "required", "missing", null))),
                null, null));
    }

    @Test
    void aTaskEndedOnAnAnswerNotUnderstoodShowsTheAnswer() {
        String answer = "{\"status\":\"archived\",\"ready\":true}";
        VideoFailed event = failure().setUpstreamAnswer(answer).build();

        assertThat(RequestStatusMapper.finished(finished(false).setFailure(event).build()).upstreamAnswer())
                .isEqualTo(answer);
        assertThat(RequestStatusMapper.finished(finished(false).setFailure(failure().build()).build())
                .upstreamAnswer()).isNull();
    }

    @Test
    void aFailureWithoutUpstreamErrorOrRulesListsNone() {
        VideoFailed event = failure().setValidationErrors(List.of()).build();

        RequestStatus.Failure failure = RequestStatusMapper.finished(finished(false).setFailure(event).build())
                .failure();

        assertThat(failure.upstreamError()).isNull();
        assertThat(failure.validationErrors()).isNull();
    }

    @Test
    void aRequestFinishedBeforeOutcomesWereKeptShowsOnlyItsOutcome() {
        for (boolean completed : new boolean[] { true, false }) {
            RequestStatus status = RequestStatusMapper.finished(finished(completed).build());

            assertThat(status).isEqualTo(new RequestStatus("r-1", completed ? State.COMPLETED : State.FAILED, null,
                    null, null, "t-1", null, null, false, null,
                    new RequestStatus.Timings(null, null, null, null, null, null, T0.plusSeconds(9)), null, null, null,
                    null, null));
        }
    }

    @Test
    void theOwnerIsAFieldOfItsOwnAndReservedKeysAreNotShownAsMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", "web");
        metadata.put("reelay:owner", "acme");
        metadata.put("reelay:anything-else", "x");

        RequestStatus status = RequestStatusMapper.inFlight(task(TrackedPhase.in_flight, metadata).build());

        assertThat(status.owner()).isEqualTo("acme");
        assertThat(status.metadata()).containsExactly(Map.entry("source", "web"));
    }

    @Test
    void aRequestPublishedStraightToKafkaHasNoOwner() {
        RequestStatus status = RequestStatusMapper.inFlight(task(TrackedPhase.in_flight, Map.of("source", "kafka"))
                .build());

        assertThat(status.owner()).isNull();
        assertThat(status.metadata()).containsExactly(Map.entry("source", "kafka"));
        assertThat(RequestStatusMapper.inFlight(task(TrackedPhase.in_flight, null).build()).owner()).isNull();
    }

    @Test
    void metadataOfOnlyReservedKeysIsNotShownAtAll() {
        RequestStatus status = RequestStatusMapper.inFlight(task(TrackedPhase.in_flight,
                Map.of("reelay:owner", "acme")).build());

        assertThat(status.owner()).isEqualTo("acme");
        assertThat(status.metadata()).isNull();
    }

    @Test
    void theRequestAsSentIsShownWhileSubmittingOnceSubmittedAndAfterTheEnd() {
        VideoRequested request = request();
        TrackedTask submitting = task(TrackedPhase.submitting, null).setPendingRequest(request).build();
        TrackedTask running = task(TrackedPhase.in_flight, null).setSentRequest(request).build();
        FinishedRequest done = finished(false).setFailure(failure().build()).setRequest(request).build();

        for (RequestStatus status : List.of(RequestStatusMapper.inFlight(submitting),
                RequestStatusMapper.inFlight(running), RequestStatusMapper.finished(done))) {
            SentRequest sent = status.request();
            assertThat(sent.model()).isEqualTo("veo3.1");
            assertThat(sent.operation()).isEqualTo("image-to-video");
            assertThat(sent.prompt()).isEqualTo("<script>alert(1)</script> a cat");
            assertThat(sent.imageUrl()).isEqualTo("https://img.example/cat.png");
            assertThat(sent.duration()).isEqualTo(8);
            assertThat(sent.resolution()).isEqualTo("720p");
            assertThat(sent.aspectRatio()).isEqualTo("16:9");
            assertThat(sent.parameters()).containsEntry("seed", "42");
            assertThat(sent.tenant()).isEqualTo("acme");
            assertThat(sent.priority()).isEqualTo(2);
            assertThat(sent.requestedAt()).isEqualTo(T0);
            assertThat(sent.metadata()).as("the owner is not the producer's metadata")
                    .containsExactly(Map.entry("source", "web"));
        }
    }

    @Test
    void aRequestKeptBeyondItsBoundsIsShownCut() {
        VideoRequested huge = VideoRequested.newBuilder(request()).setPrompt("p".repeat(100_000))
                .setImage("data:image/png;base64," + "A".repeat(500_000)).build();

        SentRequest sent = RequestStatusMapper.finished(finished(true).setRequest(huge).build()).request();

        assertThat(sent.prompt()).hasSize(io.reelay.lifecycle.SentCopy.MAX_TEXT_CHARS).endsWith("…");
        assertThat(sent.image()).hasSize(io.reelay.lifecycle.SentCopy.MAX_DATA_URL_CHARS);
    }

    @Test
    void aRequestStoredBeforeRequestsWereKeptHasNone() {
        assertThat(RequestStatusMapper.inFlight(task(TrackedPhase.in_flight, null).build()).request()).isNull();
        assertThat(RequestStatusMapper.finished(finished(true).build()).request()).isNull();
    }

    /** Whatever a store holds, its request reads back under its own id, terminal exactly when it has finished. */
    @Property(tries = 500)
    void everyStoredRecordReadsAsAStatus(@ForAll("tasks") TrackedTask task, @ForAll("done") FinishedRequest done) {
        RequestStatus running = RequestStatusMapper.inFlight(task);
        RequestStatus ended = RequestStatusMapper.finished(done);

        assertThat(running.requestId()).isEqualTo(task.getRequestId());
        assertThat(running.state()).isEqualTo(task.getPhase() == TrackedPhase.submitting ? State.SUBMITTING
                : State.IN_PROGRESS);
        assertThat(ended.requestId()).isEqualTo(done.getRequestId());
        assertThat(ended.state()).isEqualTo(done.getCompleted() ? State.COMPLETED : State.FAILED);
        assertThat(ended.videos() != null).isEqualTo(done.getCompletion() != null);
        assertThat(ended.failure() != null).isEqualTo(done.getFailure() != null);
        for (RequestStatus status : List.of(running, ended)) {
            assertThat(status.metadata() == null ? Map.of() : status.metadata()).allSatisfy(
                    (key, value) -> assertThat(key).doesNotStartWith("reelay:"));
        }
    }

    @Provide
    Arbitrary<TrackedTask> tasks() {
        return StoreRecordArbitraries.inFlight();
    }

    @Provide
    Arbitrary<FinishedRequest> done() {
        return StoreRecordArbitraries.finished();
    }

    private static TrackedTask.Builder task(TrackedPhase phase, Map<String, String> metadata) {
        return TrackedTask.newBuilder().setRequestId("r-1").setPhase(phase).setProvider("tokenlab").setModel("veo3.1")
                .setOperation("text-to-video").setUpstreamTaskId("t-1").setRawStatus("processing").setProgress(40)
                .setRequestedAt(T0.toEpochMilli()).setIntentAt(T0.plusSeconds(1).toEpochMilli())
                .setSubmittedAt(T0.plusSeconds(2).toEpochMilli()).setNextPollAt(T0.plusSeconds(30).toEpochMilli())
                .setExpectedEndAt(T0.plusSeconds(90).toEpochMilli()).setPollCount(3).setMetadata(metadata);
    }

    private static VideoRequested request() {
        return VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1").setOperation("image-to-video")
                .setPrompt("<script>alert(1)</script> a cat").setImageUrl("https://img.example/cat.png").setDuration(8)
                .setResolution("720p").setAspectRatio("16:9").setParameters(Map.of("seed", "42"))
                .setMetadata(Map.of("source", "web", "reelay:owner", "acme")).setTenant("acme").setPriority(2)
                .setProvider("tokenlab").setRequestedAt(T0).build();
    }

    private static FinishedRequest.Builder finished(boolean completed) {
        return FinishedRequest.newBuilder().setRequestId("r-1").setCompleted(completed).setUpstreamTaskId("t-1")
                .setFinishedAt(T0.plusSeconds(9).toEpochMilli());
    }

    private static VideoFailed.Builder failure() {
        return VideoFailed.newBuilder().setRequestId("r-1").setReason(FailureReason.upstream_rejected)
                .setMessage("the upstream refused it").setRetryable(false).setUpstreamTaskId("t-1")
                .setProvider("tokenlab").setModel("veo3.1").setRequestedAt(T0).setSubmittedAt(T0.plusSeconds(2))
                .setFailedAt(T0.plusSeconds(9));
    }
}
