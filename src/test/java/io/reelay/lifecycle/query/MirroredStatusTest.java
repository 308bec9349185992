package io.reelay.lifecycle.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.events.CopyFailure;
import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedPhase;
import io.reelay.state.TrackedTask;
import io.reelay.storage.MirrorJob;
import io.reelay.storage.ReadUrl;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;

/** GET /v1/requests/{id} for mirrored requests: the upstream URL, the stored copy with a fresh URL, the status. */
class MirroredStatusTest {

    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant FRESH_UNTIL = Instant.parse("2026-11-29T10:00:00Z");

    /** Presigns afresh at every call, as the S3 port does. */
    static final VideoMirror MIRROR = new VideoMirror() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public java.util.concurrent.CompletionStage<StoredObject> copy(MirrorJob job) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReadUrl readUrl(StoredObject object) {
            return new ReadUrl(URI.create("https://s3.example/" + object.key() + "?fresh"), FRESH_UNTIL);
        }
    };

    static VideoCompleted completion(boolean done) {
        StoredCopy copy = StoredCopy.newBuilder().setBucket("videos").setKey("reelay/r-1/0.mp4").setSizeBytes(42)
                .setSha256("ab12").setContentType("video/mp4").setUrl("https://s3.example/reelay/r-1/0.mp4?old")
                .setUrlExpiresAt(T.plusSeconds(3600)).build();
        return VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1").setProvider("tokenlab")
                .setModel("veo3.1").setCompletedAt(T).setUrlsExpireAt(T.plusSeconds(3600))
                .setVideos(List.of(VideoAsset.newBuilder().setUrl("https://cdn.example/0.mp4")
                        .setLastFrameUrl("https://cdn.example/0.png").setStored(copy).build()))
                .setMirrorStatus(done ? MirrorStatus.failed : null)
                .setMirrorFailures(List.of(CopyFailure.newBuilder().setVideoIndex(0).setFile("last_frame")
                        .setReason("source_timeout").setMessage("slow").setRetryable(true).setAttempts(2).build()))
                .build();
    }

    @Test
    void aRequestWaitingForItsCopiesShowsAsMirroringWithTheCopiesMadeSoFar() {
        TrackedTask task = TrackedTask.newBuilder().setRequestId("r-1").setPhase(TrackedPhase.in_flight)
                .setProvider("tokenlab").setModel("veo3.1").setUpstreamTaskId("t-1").setIntentAt(T.toEpochMilli())
                .setCompletion(completion(false)).build();
        RequestStatus status = FreshReadUrls.refresh(RequestStatusMapper.inFlight(task), MIRROR);
        assertThat(status.state()).isEqualTo(RequestStatus.State.MIRRORING);
        assertThat(status.state().terminal()).isFalse();
        RequestStatus.Video video = status.videos().get(0);
        assertThat(video.url()).isEqualTo("https://cdn.example/0.mp4");
        assertThat(video.stored().url()).isEqualTo("https://s3.example/reelay/r-1/0.mp4?fresh");
        assertThat(video.stored().urlExpiresAt()).isEqualTo(FRESH_UNTIL);
        assertThat(video.lastFrameStored()).isNull();
        assertThat(status.mirrorFailures()).singleElement().satisfies(f -> assertThat(f.reason())
                .isEqualTo("source_timeout"));
    }

    @Test
    void aCompletedRequestShowsItsMirrorStatusAndAFreshReadUrl() {
        FinishedRequest done = FinishedRequest.newBuilder().setRequestId("r-1").setCompleted(true)
                .setUpstreamTaskId("t-1").setFinishedAt(T.toEpochMilli()).setCompletion(completion(true)).build();
        RequestStatus status = FreshReadUrls.refresh(RequestStatusMapper.finished(done), MIRROR);
        assertThat(status.state()).isEqualTo(RequestStatus.State.COMPLETED);
        assertThat(status.mirrorStatus()).isEqualTo("failed");
        assertThat(status.videos().get(0).stored().sha256()).isEqualTo("ab12");
        assertThat(status.videos().get(0).stored().url()).endsWith("?fresh");
    }
}
