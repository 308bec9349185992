package io.reelay.intake.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.reelay.catalog.CatalogOverlay;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.Operation;
import io.reelay.catalog.discovery.TokenLabModels;
import io.reelay.config.TestConfig;
import io.reelay.intake.ValidationError;
import io.reelay.intake.decode.RequestDecoder;
import io.reelay.intake.triage.RequestIntake;
import io.reelay.intake.validation.RequestValidator;

/**
 * TokenLab's model-specific operations and output choices as discovery states them, through the real reader, overlay
 * and intake, each request in both shapes (flat and {@code input}): audio-to-video and video-extension are taken
 * exactly where the model's entry offers them and refused, naming what it offers, where it does not; a duration,
 * resolution or aspect ratio discovery does not list is refused with the listed ones in {@code allowed}.
 */
class DiscoveredCatalogIntakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelCatalog SHIPPED = ModelCatalog.load();
    private static final String AUDIO = "https://example.com/voice.mp3";
    private static final String VIDEO = "https://example.com/clip.mp4";

    /** veo3.1 as TokenLab's discovery might state it once it offers both model-specific flows. */
    private static final String VEO_WITH_AUDIO = """
            {"id": "veo3.1", "owned_by": "google", "tokenlab": {"request_format_summary": {
               "supported_operations": ["text-to-video", "image-to-video", "reference-to-video", "start-end-to-video"],
               "durations": [4, 6, 8], "resolutions": ["720p", "1080p"], "aspect_ratios": ["16:9", "9:16"],
               "operation_constraints": [
                 {"operation": "audio-to-video", "documented_inputs": [{"name": "audio_url", "required": true}]},
                 {"operation": "video-extension", "documented_inputs": [{"name": "video_url", "required": true}]}]}}}
            """;

    @Test
    void anAudioUrlIsRefusedNamingWhatTheModelOffersWhileNoEntryOffersAudioToVideo() {
        ObjectNode request = request("veo3.1").put("prompt", "A choir at dusk").put("audio_url", AUDIO);

        for (RequestIntake.Outcome outcome : bothShapes(SHIPPED, request)) {
            ValidationError e = only(outcome);
            assertThat(e.field()).isEqualTo("operation");
            assertThat(e.code()).isEqualTo("unsupported_operation");
            assertThat(e.message()).contains("audio-to-video");
            assertThat(e.allowed()).containsExactly("text-to-video", "image-to-video", "reference-to-video",
                    "start-end-to-video");
        }
    }

    @Test
    void anAudioUrlMeansAudioToVideoOnceDiscoveryOffersIt() throws Exception {
        ObjectNode request = request("veo3.1").put("prompt", "A choir at dusk").put("audio_url", AUDIO);

        for (RequestIntake.Outcome outcome : bothShapes(discovered(VEO_WITH_AUDIO), request)) {
            assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Accepted.class);
            RequestIntake.Accepted accepted = (RequestIntake.Accepted) outcome;
            assertThat(accepted.request().operation()).isEqualTo("audio-to-video");
            assertThat(accepted.request().audioUrl()).isEqualTo(AUDIO);
            assertThat(accepted.request().provider()).isEqualTo("tokenlab");
        }
    }

    @Test
    void videoExtensionIsTakenWhereTheEntryOffersItAndRefusedWhereNot() throws Exception {
        ObjectNode request = request("veo3.1").put("operation", "video-extension").put("prompt", "Keep going")
                .put("video_url", VIDEO);

        for (RequestIntake.Outcome outcome : bothShapes(SHIPPED, request)) {
            ValidationError e = only(outcome);
            assertThat(e.code()).isEqualTo("unsupported_operation");
            assertThat(e.allowed()).doesNotContain("video-extension").contains("text-to-video");
        }
        for (RequestIntake.Outcome outcome : bothShapes(discovered(VEO_WITH_AUDIO), request)) {
            assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Accepted.class);
            assertThat(((RequestIntake.Accepted) outcome).request().videoUrl()).isEqualTo(VIDEO);
        }
        // veo3.1 offers no video-to-video, so a video_url alone can only mean the extension
        ObjectNode implied = request("veo3.1").put("prompt", "Keep going").put("video_url", VIDEO);
        for (RequestIntake.Outcome outcome : bothShapes(discovered(VEO_WITH_AUDIO), implied)) {
            assertThat(((RequestIntake.Accepted) outcome).request().operation()).isEqualTo("video-extension");
        }
    }

    @Test
    void theModelSpecificOperationsStillNeedTheirOwnInput() throws Exception {
        ObjectNode request = request("veo3.1").put("operation", "audio-to-video").put("prompt", "A choir");

        for (RequestIntake.Outcome outcome : bothShapes(discovered(VEO_WITH_AUDIO), request)) {
            ValidationError e = only(outcome);
            assertThat(e.field()).isEqualTo("audio_url");
            assertThat(e.code()).isEqualTo("required");
        }
    }

    @Test
    void aDurationResolutionOrAspectRatioDiscoveryDoesNotListIsRefusedWithTheListedOnes() throws Exception {
        ModelCatalog catalog = discovered(VEO_WITH_AUDIO);
        ObjectNode wrong = request("veo3.1").put("operation", "text-to-video").put("prompt", "A lighthouse")
                .put("duration", 5).put("resolution", "4k").put("aspect_ratio", "1:1");

        for (RequestIntake.Outcome outcome : bothShapes(catalog, wrong)) {
            List<ValidationError> errors = errors(outcome);
            assertThat(errors).extracting(e -> e.field() + ":" + e.code() + ":" + e.allowed())
                    .containsExactlyInAnyOrder("duration:invalid_value:[4, 6, 8]",
                            "resolution:invalid_value:[720p, 1080p]", "aspect_ratio:invalid_value:[16:9, 9:16]");
        }
        ObjectNode right = request("veo3.1").put("operation", "text-to-video").put("prompt", "A lighthouse")
                .put("duration", "6s").put("resolution", "1080p").put("aspect_ratio", "9:16");
        for (RequestIntake.Outcome outcome : bothShapes(catalog, right)) {
            assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Accepted.class);
        }
        // The shipped entry lists no format: the upstream judges the values.
        for (RequestIntake.Outcome outcome : bothShapes(SHIPPED, wrong)) {
            assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Accepted.class);
        }
    }

    @Test
    void discoveryWithNoReadableFormatKeepsEveryValueAllowed() throws Exception {
        ModelCatalog catalog = discovered("""
                {"id": "veo3.1", "tokenlab": {"request_format_summary": {"durations": [], "resolutions": [3],
                   "aspect_ratios": "16:9"}}}
                """);

        assertThat(catalog.find("tokenlab", "veo3.1").orElseThrow().offers(Operation.TEXT_TO_VIDEO)).isTrue();
        ObjectNode request = request("veo3.1").put("operation", "text-to-video").put("prompt", "A lighthouse")
                .put("duration", 5).put("resolution", "4k");
        for (RequestIntake.Outcome outcome : bothShapes(catalog, request)) {
            assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Accepted.class);
        }
    }

    private static ModelCatalog discovered(String entry) throws Exception {
        CatalogOverlay.Result result = CatalogOverlay.overlay(SHIPPED, List.of(TokenLabModels.model(
                JSON.readTree(entry))));
        assertThat(result.rejected()).isZero();
        return result.catalog();
    }

    private static ObjectNode request(String model) {
        return JSON.createObjectNode().put("model", model);
    }

    private static List<RequestIntake.Outcome> bothShapes(ModelCatalog catalog, ObjectNode flat) {
        RequestIntake intake = new RequestIntake(new RequestValidator(catalog, TestConfig.defaults().validation()));
        return List.of(read(intake, flat), read(intake, GatewayCases.hubShape(flat)));
    }

    private static RequestIntake.Outcome read(RequestIntake intake, ObjectNode body) {
        ObjectNode withId = JSON.createObjectNode().put("request_id", "r-1");
        withId.setAll(body);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestDecoder.CONTENT_TYPE_HEADER, RequestDecoder.JSON.getBytes(StandardCharsets.UTF_8));
        return intake.read("r-1", withId.toString().getBytes(StandardCharsets.UTF_8), headers,
                Instant.parse("2026-12-02T12:00:00Z"));
    }

    private static List<ValidationError> errors(RequestIntake.Outcome outcome) {
        assertThat(outcome).as("%s", outcome).isInstanceOf(RequestIntake.Refused.class);
        return ((RequestIntake.Refused) outcome).validation().errors();
    }

    private static ValidationError only(RequestIntake.Outcome outcome) {
        List<ValidationError> errors = errors(outcome);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }
}
