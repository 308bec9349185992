package io.reelay.intake.validation;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import io.reelay.intake.VideoRequest;

/** The media inputs of a request, by the field name producers and the upstream use. */
enum Input {
    IMAGE_URL("image_url", r -> r.imageUrl() != null),
    IMAGE("image", r -> r.image() != null),
    REFERENCE_IMAGES("reference_images", r -> !r.referenceImages().isEmpty()),
    REFERENCE_VIDEOS("reference_videos", r -> !r.referenceVideos().isEmpty()),
    REFERENCE_AUDIOS("reference_audios", r -> !r.referenceAudios().isEmpty()),
    REFERENCE_IMAGE_TYPE("reference_image_type", r -> r.referenceImageType() != null),
    START_IMAGE("start_image", r -> r.startImage() != null),
    END_IMAGE("end_image", r -> r.endImage() != null),
    VIDEO_URL("video_url", r -> r.videoUrl() != null),
    AUDIO_URL("audio_url", r -> r.audioUrl() != null),
    KLING_ELEMENTS("kling_elements", r -> !r.klingElements().isEmpty()),
    // TokenLab's media lists: model parameters (the catalog's pass_through says which models take them).
    IMAGE_URLS("image_urls", r -> r.parameters().containsKey("image_urls")),
    VIDEO_URLS("video_urls", r -> r.parameters().containsKey("video_urls")),
    AUDIO_URLS("audio_urls", r -> r.parameters().containsKey("audio_urls"));

    /** The inputs that are model parameters rather than request fields. */
    static final Set<Input> PARAMETERS = EnumSet.of(IMAGE_URLS, VIDEO_URLS, AUDIO_URLS);
    private static final Set<Input> REFERENCE_MEDIA = EnumSet.of(REFERENCE_IMAGES, REFERENCE_VIDEOS,
            REFERENCE_AUDIOS, IMAGE_URLS, VIDEO_URLS, AUDIO_URLS);

    private final String field;
    private final Predicate<VideoRequest> present;

    Input(String field, Predicate<VideoRequest> present) {
        this.field = field;
        this.present = present;
    }

    String field() {
        return field;
    }

    boolean in(VideoRequest request) {
        return present.test(request);
    }

    /** True when the request carries reference media (reference lists, or TokenLab's image/video/audio lists). */
    static boolean referenceMedia(VideoRequest request) {
        return REFERENCE_MEDIA.stream().anyMatch(i -> i.in(request));
    }
}
