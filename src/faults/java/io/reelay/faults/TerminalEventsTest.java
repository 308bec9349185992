package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.events.CopyFailure;
import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.faults.TerminalEvents.FileRef;
import io.reelay.faults.TerminalEvents.Mirror;

/** A completion's account of its copies, as the fault run reads it: which files it had, which it stored, which not. */
class TerminalEventsTest {

    @Test
    void aCompletionsFilesCopiesAndFailuresAreReadFromTheEvent() {
        VideoCompleted event = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t").setProvider("p")
                .setModel("m").setCompletedAt(Instant.EPOCH).setMirrorStatus(MirrorStatus.failed)
                .setVideos(List.of(
                        VideoAsset.newBuilder().setUrl("u0").setLastFrameUrl("f0").setStored(copy("videos/r-1/0.mp4"))
                                .build(),
                        VideoAsset.newBuilder().setUrl("u1").setStored(copy("videos/r-1/1.mp4")).build()))
                .setMirrorFailures(List.of(CopyFailure.newBuilder().setVideoIndex(0).setFile("last_frame")
                        .setReason("source_gone").setMessage("404").setRetryable(false).setAttempts(1).build()))
                .build();

        Mirror mirror = Mirror.of(event);

        assertThat(mirror.status()).isEqualTo("failed");
        assertThat(mirror.files()).containsExactly(new FileRef(0, false), new FileRef(0, true), new FileRef(1, false));
        assertThat(mirror.stored()).extracting(TerminalEvents.StoredFile::file, TerminalEvents.StoredFile::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(new FileRef(0, false), "videos/r-1/0.mp4"),
                        org.assertj.core.groups.Tuple.tuple(new FileRef(1, false), "videos/r-1/1.mp4"));
        assertThat(mirror.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(new FileRef(0, true));
            assertThat(f.reason()).isEqualTo("source_gone");
        });
    }

    @Test
    void aCompletionWrittenWithoutMirroringHasNoStatus() {
        VideoCompleted event = VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t").setProvider("p")
                .setModel("m").setCompletedAt(Instant.EPOCH).setVideos(List.of(VideoAsset.newBuilder().setUrl("u")
                        .build())).build();

        Mirror mirror = Mirror.of(event);

        assertThat(mirror.status()).isNull();
        assertThat(mirror.files()).containsExactly(new FileRef(0, false));
        assertThat(mirror.stored()).isEmpty();
        assertThat(mirror.failures()).isEmpty();
    }

    private static StoredCopy copy(String key) {
        return StoredCopy.newBuilder().setBucket("b").setKey(key).setSizeBytes(10).setSha256("ab")
                .setContentType("video/mp4").setUrl("http://s3/" + key).setUrlExpiresAt(Instant.EPOCH).build();
    }
}
