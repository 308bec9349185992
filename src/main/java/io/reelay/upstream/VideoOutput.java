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

    /**
     * Every field held to {@link UpstreamBounds}: numbers out of range are dropped, text is cut, and a
     * URL that is too long or has whitespace is refused (the parsers drop such a video before).
     *
     * @throws IllegalArgumentException when {@code url} is not a usable URL
     */
    public VideoOutput {
        if (UpstreamBounds.url(url) == null) {
            throw new IllegalArgumentException("not a usable video URL: " + UpstreamBounds.text(url, 80));
        }
        url = UpstreamBounds.url(url);
        durationSeconds = UpstreamBounds.within(durationSeconds, 0, UpstreamBounds.MAX_VIDEO_SECONDS);
        width = UpstreamBounds.within(width, 1, UpstreamBounds.MAX_VIDEO_PIXELS);
        height = UpstreamBounds.within(height, 1, UpstreamBounds.MAX_VIDEO_PIXELS);
        lastFrameUrl = UpstreamBounds.url(lastFrameUrl);
        contentType = UpstreamBounds.text(contentType, UpstreamBounds.MAX_CODE_CHARS);
        fileName = UpstreamBounds.text(fileName, UpstreamBounds.MAX_NAME_CHARS);
        fileSizeBytes = UpstreamBounds.within(fileSizeBytes, 0L, UpstreamBounds.MAX_FILE_BYTES);
    }

    /** A video without file metadata (the TokenLab API gives none). */
    public VideoOutput(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl) {
        this(url, durationSeconds, width, height, lastFrameUrl, null, null, null);
    }
}
