package io.reelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.events.VideoRequested;
import io.reelay.testing.kafka.SingleObjectAvro;

class DemoSamplesTest {

    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final List<VideoRequested> samples = DemoSamples.create("ab12cd", now);

    @Test
    void sevenRequestsOfThisRunWithOneFailingOnPurpose() {
        assertThat(samples).extracting(VideoRequested::getRequestId)
                .containsExactly("demo-ab12cd-1", "demo-ab12cd-2", "demo-ab12cd-3", "demo-ab12cd-4", "demo-ab12cd-5",
                        "demo-ab12cd-6", "demo-ab12cd-7");
        assertThat(samples).allSatisfy(sample -> assertThat(sample.getRequestedAt()).isEqualTo(now));
        assertThat(samples).filteredOn(sample -> sample.getPrompt().contains("[simulate:fail]")).hasSize(1);
    }

    @Test
    void everySamplePassesValidationAgainstTheShippedCatalog() {
        var validator = new io.reelay.intake.validation.RequestValidator(io.reelay.catalog.ModelCatalog.load(),
                TestConfig.defaults().validation());
        assertThat(samples).allSatisfy(sample -> assertThat(validator.validate(
                io.reelay.intake.mapping.RequestMapper.toDomain(sample)).errors()).isEmpty());
        assertThat(samples).extracting(VideoRequested::getModel).contains("wan-2.7");
    }

    @Test
    void eachSampleCarriesTheInputsItsOperationNeeds() {
        assertThat(samples).filteredOn(sample -> "image-to-video".equals(sample.getOperation()))
                .allSatisfy(sample -> assertThat(sample.getImageUrl()).isNotBlank());
        assertThat(samples).filteredOn(sample -> "start-end-to-video".equals(sample.getOperation()))
                .allSatisfy(sample -> assertThat(sample.getStartImage()).isNotBlank())
                .allSatisfy(sample -> assertThat(sample.getEndImage()).isNotBlank());
        assertThat(samples).filteredOn(sample -> "motion-control".equals(sample.getOperation()))
                .allSatisfy(sample -> assertThat(sample.getImageUrl()).isNotBlank())
                .allSatisfy(sample -> assertThat(sample.getVideoUrl()).isNotBlank());
        assertThat(samples).filteredOn(sample -> "video-to-video".equals(sample.getOperation()))
                .allSatisfy(sample -> assertThat(sample.getVideoUrl()).isNotBlank());
    }

    @Test
    void samplesTravelAsTheGeneratedSingleObjectEncoding() throws Exception {
        VideoRequested sample = samples.get(3);
        byte[] bytes = SingleObjectAvro.encode(sample);

        assertThat(bytes).isEqualTo(sample.toByteBuffer().array());
        assertThat(VideoRequested.fromByteBuffer(java.nio.ByteBuffer.wrap(bytes))).isEqualTo(sample);
        assertThat(SingleObjectAvro.decode(bytes, VideoRequested.class)).isEqualTo(sample);
    }
}
