package io.reelay.intake.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;
import io.reelay.catalog.Operation;
import io.reelay.config.TestConfig;
import io.reelay.intake.VideoRequest;
import io.reelay.intake.VideoRequest.KlingElementSpec;
import io.reelay.intake.ValidationError;

class RequestValidatorTest {

    private static final ModelCatalog CATALOG = ModelCatalog.load();
    private static final RequestValidator VALIDATOR = new RequestValidator(CATALOG, TestConfig.defaults().validation());
    private static final String IMG = "https://example.com/a.jpg";
    private static final String VID = "https://example.com/a.mp4";

    // ------------------------------------------------------------------ every pair of the catalog

    static Stream<Arguments> offeredPairs() {
        return CATALOG.all().stream().flatMap(m -> m.operations().stream()
                .map(op -> Arguments.of(m.provider(), m.id(), op)));
    }

    static Stream<Arguments> unofferedPairs() {
        return CATALOG.all().stream().flatMap(m -> Arrays.stream(Operation.values())
                .filter(op -> !m.offers(op)).map(op -> Arguments.of(m.provider(), m.id(), op)));
    }

    /** Validation of a request naming this provider (the entry of an id several gateways serve). */
    private static Validated validateFor(String provider, VideoRequest.Builder request) {
        return VALIDATOR.validate(request.provider(provider).build());
    }

    @ParameterizedTest(name = "{0} {1} {2} is accepted")
    @MethodSource("offeredPairs")
    void everyOperationAModelOffersIsAcceptedWithItsInputs(String provider, String model, Operation operation) {
        Validated v = validateFor(provider, minimal(model, operation));
        assertThat(v.errors()).isEmpty();
        assertThat(v.model().provider()).isEqualTo(provider);
        assertThat(v.request().operation()).isEqualTo(operation.wireName());
    }

    @ParameterizedTest(name = "{0} {1} {2} is refused")
    @MethodSource("unofferedPairs")
    void everyOperationAModelDoesNotOfferIsRefused(String provider, String model, Operation operation) {
        Validated v = validateFor(provider, minimal(model, operation));
        ModelSpec spec = CATALOG.find(provider, model).orElseThrow();
        assertThat(v.errors()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("operation");
            assertThat(e.code()).isEqualTo("unsupported_operation");
            assertThat(e.allowed()).containsExactlyInAnyOrderElementsOf(
                    spec.operations().stream().map(Operation::wireName).toList());
        });
    }

    // ------------------------------------------------------------------ model and operation

    @Test
    void anUnknownModelIsRefused() {
        assertOnly(VideoRequest.builder("r", "veo-9").prompt("x"), "model", "unknown_model");
    }

    @Test
    void aMissingModelIsRefused() {
        assertOnly(VideoRequest.builder("r", " ").prompt("x"), "model", "required");
    }

    @Test
    void anOperationThatDoesNotExistIsRefusedWithTheListOfOperations() {
        ValidationError e = only(VideoRequest.builder("r", "veo3.1").operation("text-to-gif").prompt("x"),
                "operation", "invalid_value");
        assertThat(e.allowed()).contains("text-to-video", "motion-control", "video-extension");
    }

    @Test
    void aMissingOperationIsInferredFromTheInputs() {
        Validated v = VALIDATOR.validate(VideoRequest.builder("r", "veo3.1").prompt("move").imageUrl(IMG).build());
        assertThat(v.errors()).isEmpty();
        assertThat(v.request().operation()).isEqualTo("image-to-video");
        Validated se = VALIDATOR.validate(VideoRequest.builder("r", "veo3.1").startImage(IMG).endImage(IMG).build());
        assertThat(se.request().operation()).isEqualTo("start-end-to-video");
    }

    @Test
    void aMissingOperationThatTheInputsCannotSettleIsRefused() {
        ValidationError e = only(VideoRequest.builder("r", "topaz-video-upscale").prompt("a cat"),
                "operation", "not_inferable");
        assertThat(e.allowed()).containsExactly("video-to-video");
    }

    // ------------------------------------------------------------------ inputs per operation

    @Test
    void imageToVideoNeedsAnImage() {
        ValidationError e = only(VideoRequest.builder("r", "hailuo-2.3-standard").operation("image-to-video")
                .prompt("x"), "image_url", "required");
        assertThat(e.allowed()).containsExactlyInAnyOrder("image_url", "image");
    }

    @Test
    void imageToVideoTakesOneImageOnly() {
        assertOnly(VideoRequest.builder("r", "hailuo-2.3-standard").operation("image-to-video")
                .imageUrl(IMG).image("data:image/png;base64,AAAA"), "image", "conflict");
    }

    @Test
    void anInputTheOperationDoesNotTakeIsRefused() {
        assertOnly(VideoRequest.builder("r", "hailuo-2.3-standard").operation("image-to-video")
                .imageUrl(IMG).videoUrl(VID), "video_url", "not_allowed");
        assertOnly(VideoRequest.builder("r", "veo3.1").operation("text-to-video").prompt("x")
                .startImage(IMG), "start_image", "not_allowed");
    }

    @Test
    void referenceToVideoNeedsReferenceImages() {
        assertOnly(VideoRequest.builder("r", "veo3.1").operation("reference-to-video").prompt("x"),
                "reference_images", "required");
    }

    @Test
    void seedanceTakesAtMostNineImagesThreeVideosAndThreeAudios() {
        VideoRequest.Builder ok = VideoRequest.builder("r", "seedance-2.0").operation("reference-to-video")
                .referenceImages(Collections.nCopies(9, IMG)).referenceVideos(Collections.nCopies(3, VID))
                .referenceAudios(Collections.nCopies(3, "https://example.com/a.mp3"));
        assertThat(VALIDATOR.validate(ok.build()).errors()).isEmpty();

        Validated tooMany = VALIDATOR.validate(ok.referenceImages(Collections.nCopies(10, IMG))
                .referenceVideos(Collections.nCopies(4, VID)).build());
        assertThat(tooMany.errors()).extracting(ValidationError::field, ValidationError::code)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("reference_images", "too_many"),
                        org.assertj.core.groups.Tuple.tuple("reference_videos", "too_many"));
    }

    @Test
    void referenceVideosAreRefusedWhereTheModelTakesNone() {
        assertOnly(VideoRequest.builder("r", "veo3.1").operation("reference-to-video")
                .referenceImages(List.of(IMG)).referenceVideos(List.of(VID)), "reference_videos", "not_allowed");
    }

    @Test
    void theReferenceImageTypeIsAssetOrStyle() {
        ValidationError e = only(VideoRequest.builder("r", "veo3.1").operation("reference-to-video")
                .referenceImages(List.of(IMG)).referenceImageType("mood"), "reference_image_type", "invalid_value");
        assertThat(e.allowed()).containsExactly("asset", "style");
    }

    @Test
    void startEndNeedsBothImages() {
        assertOnly(VideoRequest.builder("r", "viduq2-pro").operation("start-end-to-video").startImage(IMG),
                "end_image", "required");
    }

    @Test
    void videoToVideoNeedsAVideo() {
        assertOnly(VideoRequest.builder("r", "topaz-video-upscale").operation("video-to-video").prompt("x"),
                "video_url", "required");
    }

    @Test
    void motionControlNeedsASubjectImageAndAMotionVideo() {
        assertOnly(VideoRequest.builder("r", "kling-3.0-motion-control").operation("motion-control").imageUrl(IMG),
                "video_url", "required");
        assertOnly(VideoRequest.builder("r", "kling-3.0-motion-control").operation("motion-control").videoUrl(VID),
                "image_url", "required");
    }

    @Test
    void textToVideoNeedsAPrompt() {
        assertOnly(VideoRequest.builder("r", "veo3.1").operation("text-to-video"), "prompt", "required");
    }

    @Test
    void aPromptIsBounded() {
        assertOnly(VideoRequest.builder("r", "veo3.1").operation("text-to-video").prompt("x".repeat(5001)),
                "prompt", "too_long");
    }

    @Test
    void passThroughParametersCannotOverrideNamedFields() {
        assertOnly(VideoRequest.builder("r", "veo3.1").prompt("x").parameters(Map.of("model", "\"sora-2\"")),
                "parameters.model", "conflict");
    }

    // ------------------------------------------------------------------ kling elements

    private static VideoRequest.Builder kling(String prompt, KlingElementSpec... elements) {
        return VideoRequest.builder("r", "kling-3.0-video").operation("image-to-video").imageUrl(IMG)
                .prompt(prompt).klingElements(List.of(elements));
    }

    private static KlingElementSpec element(String name) {
        return new KlingElementSpec(name, "a bag", List.of("https://example.com/bag.png"));
    }

    @Test
    void klingElementsWithEveryNameDefinedAndUsedAreAccepted() {
        assertThat(VALIDATOR.validate(kling("Place @hero_bag on a turntable", element("hero_bag")).build()).errors())
                .isEmpty();
    }

    @Test
    void klingElementsAreOnlyForKling30Video() {
        assertOnly(VideoRequest.builder("r", "kling-v2.6-pro").operation("image-to-video").imageUrl(IMG)
                .prompt("@bag").klingElements(List.of(element("bag"))), "kling_elements", "not_allowed");
    }

    @Test
    void klingElementsNeedAnImageInput() {
        assertOnly(VideoRequest.builder("r", "kling-3.0-video").operation("text-to-video").prompt("@bag")
                .klingElements(List.of(element("bag"))), "image_url", "required", "kling_elements", "not_allowed");
    }

    @Test
    void anUndefinedElementInThePromptIsRefused() {
        assertOnly(kling("Put @bag next to @shoe", element("bag")), "prompt", "undefined_reference");
    }

    @Test
    void anElementThePromptNeverUsesIsRefused() {
        assertOnly(kling("Put @bag on a table", element("bag"), element("shoe")), "kling_elements", "unused_element");
    }

    // ------------------------------------------------------------------ hub parameter tables

    @Test
    void hubDefaultsAreAppliedAndNamedFieldsFoldedIntoTheInput() {
        Validated v = VALIDATOR.validate(VideoRequest.builder("r", "veo-3.1").prompt("a cat").duration(6)
                .outputAudio(false).build());
        assertThat(v.errors()).isEmpty();
        assertThat(v.request().parameters()).containsEntry("prompt", "\"a cat\"")
                .containsEntry("duration", "\"6s\"")
                .containsEntry("generate_audio", "false")
                .containsEntry("resolution", "\"720p\"")
                .containsEntry("aspect_ratio", "\"16:9\"")
                .containsEntry("auto_fix", "true")
                .containsEntry("safety_tolerance", "\"4\"")
                .doesNotContainKeys("seed", "negative_prompt");
        assertThat(v.request().operation()).isEqualTo("text-to-video");
    }

    @Test
    void hubEnumerationsAreEnforcedPerModel() {
        ValidationError duration = only(VideoRequest.builder("r", "veo-3.1").prompt("x").duration(5),
                "parameters.duration", "invalid_value");
        assertThat(duration.allowed()).containsExactly("4s", "6s", "8s");
        assertThat(VALIDATOR.validate(VideoRequest.builder("r", "veo-3.1").prompt("x").resolution("4k").build())
                .errors()).isEmpty();
        ValidationError lite = only(VideoRequest.builder("r", "veo-3.1-lite").prompt("x").resolution("4k"),
                "parameters.resolution", "invalid_value");
        assertThat(lite.allowed()).containsExactly("720p", "1080p");
    }

    @Test
    void hubRangesAreEnforced() {
        ValidationError kling = only(VideoRequest.builder("r", "kling-v3-pro").prompt("x").duration(16),
                "parameters.duration", "invalid_value");
        assertThat(kling.allowed()).contains("3", "15").doesNotContain("2", "16");
        assertOnly(VideoRequest.builder("r", "wan-2.7").prompt("x").duration(16), "parameters.duration", "out_of_range");
        assertOnly(VideoRequest.builder("r", "wan-2.7").prompt("x").duration(1), "parameters.duration", "out_of_range");
        assertThat(VALIDATOR.validate(VideoRequest.builder("r", "wan-2.7").prompt("x").duration(2).build()).errors())
                .isEmpty();
    }

    @Test
    void promptXorMultiPrompt() {
        assertOnly(VideoRequest.builder("r", "kling-v3-standard").duration(5), "parameters.prompt", "required");
        assertOnly(VideoRequest.builder("r", "kling-v3-standard").prompt("x")
                .parameters(Map.of("multi_prompt", "[{\"prompt\":\"a\",\"duration\":\"5\"}]")),
                "parameters.prompt", "conflict");
        assertThat(VALIDATOR.validate(VideoRequest.builder("r", "kling-v3-standard")
                .parameters(Map.of("multi_prompt", "[{\"prompt\":\"a\",\"duration\":\"5\"}]")).build()).errors())
                .isEmpty();
    }

    @Test
    void hubLengthLimitsAreEnforced() {
        assertOnly(VideoRequest.builder("r", "wan-2.7").prompt("x".repeat(4999)).parameters(
                Map.of("negative_prompt", "\"" + "n".repeat(501) + "\"")), "parameters.negative_prompt", "too_long");
        var roomy = TestConfig.defaults().set(c -> c.validation().maxPromptLength(), 10_000).validation();
        List<ValidationError> errors = new RequestValidator(CATALOG, roomy)
                .validate(VideoRequest.builder("r", "wan-2.7").prompt("x".repeat(5001)).build()).errors();
        assertThat(errors).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("parameters.prompt", "too_long"));
    }

    @Test
    void anUnknownHubParameterIsRefusedWithTheTable() {
        ValidationError e = only(VideoRequest.builder("r", "veo-3").prompt("x").parameters(Map.of("fps", "24")),
                "parameters.fps", "unknown_parameter");
        assertThat(e.allowed()).contains("prompt", "duration", "seed");
    }

    @Test
    void aHubParameterOfTheWrongTypeIsRefused() {
        assertOnly(VideoRequest.builder("r", "veo-3").prompt("x").parameters(Map.of("seed", "\"lucky\"")),
                "parameters.seed", "invalid_type");
    }

    @Test
    void aHubModelRefusesInputsItHasNoParameterFor() {
        assertOnly(VideoRequest.builder("r", "veo-3.1").operation("text-to-video").prompt("x").imageUrl(IMG),
                "image_url", "not_allowed");
    }

    // ------------------------------------------------------------------ input URLs

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/a.jpg", "https://127.0.0.1/a.jpg", "https://10.1.2.3/a.jpg",
            "https://192.168.0.10/a.jpg", "https://172.16.5.4/a.jpg", "https://169.254.169.254/latest/meta-data",
            "https://[::1]/a.jpg", "https://[fd00::1]/a.jpg", "https://2130706433/a.jpg", "https://0x7f.1/a.jpg",
            "https://printer.local/a.jpg", "https://metadata.google.internal/a", "https://100.64.0.1/a.jpg"})
    void loopbackPrivateAndLinkLocalHostsAreRefused(String url) {
        assertOnly(VideoRequest.builder("r", "hailuo-2.3-standard").imageUrl(url), "image_url", "forbidden_host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a.jpg", "ftp://example.com/a.jpg", "https://user:pw@example.com/a.jpg",
            "not a url at all", "https:///a.jpg"})
    void urlsMustBeHttpsWithoutCredentials(String url) {
        assertOnly(VideoRequest.builder("r", "hailuo-2.3-standard").imageUrl(url), "image_url", "invalid_url");
    }

    @Test
    void plainHttpCanBeAllowedByConfiguration() {
        var lenient = new RequestValidator(CATALOG,
                TestConfig.defaults().set(c -> c.validation().allowHttpUrls(), true).validation());
        assertThat(lenient.validate(VideoRequest.builder("r", "hailuo-2.3-standard")
                .imageUrl("http://example.com/a.jpg").build()).errors()).isEmpty();
    }

    @Test
    void dataUrlsAreAcceptedOnlyBelowTheLimit() {
        var small = new RequestValidator(CATALOG,
                TestConfig.defaults().set(c -> c.validation().maxDataUrlLength(), 100).validation());
        assertThat(small.validate(VideoRequest.builder("r", "hailuo-2.3-standard")
                .image("data:image/png;base64,AAAA").build()).errors()).isEmpty();
        List<ValidationError> errors = small.validate(VideoRequest.builder("r", "hailuo-2.3-standard")
                .image("data:image/png;base64," + "A".repeat(200)).build()).errors();
        assertThat(errors).extracting(ValidationError::code).containsExactly("too_large");
    }

    @Test
    void theImageFieldTakesDataUrlsOnly() {
        assertOnly(VideoRequest.builder("r", "hailuo-2.3-standard").image(IMG), "image", "invalid_value");
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        Validated v = VALIDATOR.validate(VideoRequest.builder("r", "veo3.1").operation("image-to-video")
                .imageUrl("http://127.0.0.1/x").videoUrl(VID).prompt("x".repeat(6000)).build());
        assertThat(v.errors()).extracting(ValidationError::field)
                .containsExactlyInAnyOrder("image_url", "video_url", "prompt");
        assertThat(v.summary()).contains("image_url", "video_url", "prompt");
    }

    // ------------------------------------------------------------------ helpers

    /** A request with the inputs the operation needs and nothing else. */
    static VideoRequest.Builder minimal(String model, Operation operation) {
        VideoRequest.Builder b = VideoRequest.builder("r-" + model, model).operation(operation.wireName())
                .prompt("a calm cinematic shot");
        return switch (operation) {
            case TEXT_TO_VIDEO -> b;
            case IMAGE_TO_VIDEO -> b.imageUrl(IMG);
            case REFERENCE_TO_VIDEO -> b.referenceImages(List.of(IMG));
            case START_END_TO_VIDEO -> b.startImage(IMG).endImage(IMG);
            case VIDEO_TO_VIDEO, VIDEO_EXTENSION -> b.videoUrl(VID);
            case MOTION_CONTROL -> b.imageUrl(IMG).videoUrl(VID);
            case AUDIO_TO_VIDEO -> b.audioUrl("https://example.com/a.mp3");
        };
    }

    private static ValidationError only(VideoRequest.Builder request, String field, String code) {
        List<ValidationError> errors = VALIDATOR.validate(request.build()).errors();
        assertThat(errors).extracting(ValidationError::field, ValidationError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, code));
        ValidationError e = errors.get(0);
        assertThat(e.message()).isNotBlank();
        return e;
    }

    private static void assertOnly(VideoRequest.Builder request, String... fieldCodePairs) {
        List<ValidationError> errors = VALIDATOR.validate(request.build()).errors();
        org.assertj.core.groups.Tuple[] expected = new org.assertj.core.groups.Tuple[fieldCodePairs.length / 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = org.assertj.core.groups.Tuple.tuple(fieldCodePairs[2 * i], fieldCodePairs[2 * i + 1]);
        }
        assertThat(errors).extracting(ValidationError::field, ValidationError::code).containsExactlyInAnyOrder(expected);
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }
}
