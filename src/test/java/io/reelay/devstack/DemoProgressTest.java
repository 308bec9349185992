package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.events.CopyFailure;
import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;

class DemoProgressTest {

    private static final String LINK = "http://127.0.0.1:8090/simulator/files/ldtask_1.mp4";

    @Test
    void aStoredVideoShowsItsCopyUnderTheUpstreamLink() {
        StoredCopy stored = StoredCopy.newBuilder().setBucket("reelay-videos").setKey("videos/r-1/0.mp4")
                .setSizeBytes(1_258_291).setSha256("fbb0b3a4c0ffee0123456789").setContentType("video/mp4")
                .setUrl("http://127.0.0.1:8333/reelay-videos/videos/r-1/0.mp4?X-Amz-Signature=abc")
                .setUrlExpiresAt(Instant.parse("2026-12-02T20:00:00Z")).build();
        VideoCompleted event = completed(VideoAsset.newBuilder().setUrl(LINK).setStored(stored).build(),
                MirrorStatus.stored, null);

        assertThat(DemoProgress.describe(event).lines()).containsExactly(
                "COMPLETED r-1 veo3.1 -> " + LINK,
                "          stored reelay-videos/videos/r-1/0.mp4 (1.2 MiB, sha256 fbb0b3a4c0ff...) "
                        + "http://127.0.0.1:8333/reelay-videos/videos/r-1/0.mp4?X-Amz-Signature=abc");
    }

    @Test
    void aVideoWithoutCopySaysWhy() {
        CopyFailure failure = CopyFailure.newBuilder().setVideoIndex(0).setFile("video").setReason("source_gone")
                .setMessage("the source answered 403").setRetryable(false).setAttempts(1).build();
        VideoCompleted event = completed(VideoAsset.newBuilder().setUrl(LINK).build(), MirrorStatus.failed,
                List.of(failure));

        assertThat(DemoProgress.describe(event).lines()).containsExactly(
                "COMPLETED r-1 veo3.1 -> " + LINK,
                "          no stored copy of video 0 video: source_gone (the source answered 403)");
    }

    @Test
    void sizesReadAsPeopleSayThem() {
        assertThat(DemoProgress.size(512)).isEqualTo("0.5 KiB");
        assertThat(DemoProgress.size(52_428_800)).isEqualTo("50.0 MiB");
    }

    private static VideoCompleted completed(VideoAsset video, MirrorStatus status, List<CopyFailure> failures) {
        return VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("ldtask_1").setProvider("tokenlab")
                .setModel("veo3.1").setVideos(List.of(video)).setCompletedAt(Instant.now()).setMirrorStatus(status)
                .setMirrorFailures(failures).build();
    }
}
