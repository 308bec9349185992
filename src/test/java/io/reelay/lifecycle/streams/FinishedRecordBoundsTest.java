package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.lifecycle.SentCopy;
import io.reelay.state.FinishedRequest;

/** A finished request's record stays within the record limit: the request as sent gives way to the outcome. */
class FinishedRecordBoundsTest {

    private static final AvroSerde<FinishedRequest> FINISHED = AvroSerde.of(FinishedRequest.class);
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void theRequestAsSentIsKeptWhenItFitsAndDroppedBeforeTheOutcomeWhenNot() {
        VideoRequested request = SentCopy.of(VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1")
                .setPrompt("p".repeat(20_000)).setImageUrl("i".repeat(20_000)).setVideoUrl("v".repeat(20_000))
                .build());
        int videos = 1;
        while (FINISHED.encode(record(completion(videos), null)).length < RecordLimits.MAX_VALUE_BYTES - 2_000) {
            videos += 10; // a completion that fits alone, not with ~12 KB of request beside it
        }

        FinishedRequest small = OutputBounds.finished(record(completion(1), request));
        FinishedRequest large = OutputBounds.finished(record(completion(videos), request));

        assertThat(small.getRequest()).isEqualTo(request);
        assertThat(large.getRequest()).isNull();
        assertThat(large.getCompletion().getVideos()).hasSize(videos);
        assertThat(FINISHED.encode(large).length)
                .isLessThanOrEqualTo(RecordLimits.MAX_VALUE_BYTES);
    }

    private static FinishedRequest record(VideoCompleted completion, VideoRequested request) {
        return FinishedRequest.newBuilder().setRequestId("r-1").setCompleted(true).setFinishedAt(T0.toEpochMilli())
                .setCompletion(completion).setRequest(request).build();
    }

    /** A completion of {@code videos} videos of about a KiB each. */
    private static VideoCompleted completion(int videos) {
        List<VideoAsset> assets = new ArrayList<>();
        for (int i = 0; i < videos; i++) {
            assets.add(VideoAsset.newBuilder().setUrl("https://cdn.example/" + "v".repeat(1_000) + i).build());
        }
        return VideoCompleted.newBuilder().setRequestId("r-1").setUpstreamTaskId("t-1").setProvider("tokenlab")
                .setModel("veo3.1").setVideos(assets).setCompletedAt(T0).setPollCount(1).build();
    }
}
