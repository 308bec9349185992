package io.reelay.upstream;

/**
 * One video in a completed task, with what the upstream said about it (null when not said).
 *
 * @param contentType MIME type, e.g. {@code video/mp4}, when the upstream says
 * @param fileName file name the upstream gave the video
 * @param fileSizeBytes size in bytes
 */
public record VideoOutput(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl,
        String contentType, String fileName, Long fileSizeBytes) {

    /** A video without file metadata (the TokenLab API gives none). */
    public VideoOutput(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl) {
        this(url, durationSeconds, width, height, lastFrameUrl, null, null, null);
    }
}
