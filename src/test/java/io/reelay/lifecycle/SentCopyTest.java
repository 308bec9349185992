package io.reelay.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelay.events.KlingElement;
import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The request as Reelay keeps it to show: unchanged when it is of a usual size, small whatever it held. */
class SentCopyTest {

    private static final AvroSerde<VideoRequested> REQUESTS = AvroSerde.of(VideoRequested.class);
    /** What the copy's budget allows, encoded: 3 bytes a character, names, the "…" of each text past the budget. */
    static final int MAX_COPY_BYTES = 64 * 1024;

    @Test
    void aRequestOfTheUsualSizeIsKeptExactlyAsSent() {
        VideoRequested request = VideoRequested.newBuilder().setRequestId("r-1").setModel("kling-3.0-video")
                .setOperation("reference-to-video").setProvider("hub").setPrompt("A paper boat on a river")
                .setReferenceImages(List.of("https://img.example/a.png")).setDuration(5).setResolution("1080p")
                .setAspectRatio("16:9").setKlingElements(List.of(KlingElement.newBuilder().setName("boat")
                        .setElementInputUrls(List.of("https://img.example/boat.png")).build()))
                .setParameters(Map.of("seed", "42")).setMetadata(Map.of("customer", "c-42")).setTenant("acme")
                .setPriority(2).build();

        assertThat(SentCopy.of(request)).isEqualTo(request).isNotSameAs(request);
    }

    @Test
    void aDataUrlKeepsItsFirstCharactersAndSaysItWasCut() {
        VideoRequested copy = SentCopy.of(VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1")
                .setImage("data:image/png;base64," + "A".repeat(200_000)).build());

        assertThat(copy.getImage()).hasSize(SentCopy.MAX_DATA_URL_CHARS).startsWith("data:image/png;base64,AAA")
                .endsWith("…");
    }

    @Test
    void onceTheBudgetIsSpentTheMetadataIsCutBeforeThePromptAndTheModel() {
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            references.add("https://img.example/" + "x".repeat(4_000) + i);
        }
        VideoRequested copy = SentCopy.of(VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1")
                .setPrompt("p".repeat(2_000)).setReferenceImages(references).setMetadata(Map.of("customer", "c-42"))
                .build());

        assertThat(copy.getModel()).isEqualTo("veo3.1");
        assertThat(copy.getPrompt()).isEqualTo("p".repeat(2_000));
        assertThat(copy.getReferenceImages()).hasSize(16);
        assertThat(copy.getReferenceImages().get(15)).isEqualTo("…");
        assertThat(copy.getMetadata()).containsEntry("customer", "…");
    }

    @Test
    void aCutNeverSplitsAnEmoji() {
        VideoRequested copy = SentCopy.of(VideoRequested.newBuilder().setRequestId("r-1").setModel("veo3.1")
                .setPrompt("\uD83D\uDE00".repeat(5_000)).build());

        String prompt = copy.getPrompt();
        assertThat(prompt).endsWith("…");
        assertThat(Character.isHighSurrogate(prompt.charAt(prompt.length() - 2))).isFalse();
    }

    /** Whatever a store holds: the copy is small, keeps the model's start, and copying it again changes nothing. */
    @Property(tries = 3000)
    void everyCopyIsBoundedAndStable(@ForAll("requests") VideoRequested request) {
        // As a store hands it over: decoded (a lone surrogate has become '?' on the way).
        VideoRequested stored = REQUESTS.decode(REQUESTS.encode(request));

        VideoRequested copy = SentCopy.of(stored);

        assertThat(REQUESTS.encode(copy).length).isLessThanOrEqualTo(MAX_COPY_BYTES);
        assertThat(stored.getModel()).startsWith(copy.getModel().replaceAll("…$", ""));
        assertThat(SentCopy.of(copy)).isEqualTo(copy);
        assertThat(REQUESTS.decode(REQUESTS.encode(copy))).isEqualTo(copy);
    }

    @Provide
    Arbitrary<VideoRequested> requests() {
        return HostileRequests.requests();
    }
}
