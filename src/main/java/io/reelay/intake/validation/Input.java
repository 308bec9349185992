package io.reelay.intake.validation;

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
    KLING_ELEMENTS("kling_elements", r -> !r.klingElements().isEmpty());

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
}
