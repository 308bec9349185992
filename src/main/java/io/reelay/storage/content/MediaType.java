package io.reelay.storage.content;

/**
 * A media type recognised from a file's first bytes.
 *
 * @param type the media type, e.g. {@code video/mp4}
 * @param extension the file name extension its key gets, e.g. {@code mp4}
 */
public record MediaType(String type, String extension) {

    public static final MediaType MP4 = new MediaType("video/mp4", "mp4");
    public static final MediaType QUICKTIME = new MediaType("video/quicktime", "mov");
    public static final MediaType WEBM = new MediaType("video/webm", "webm");
    public static final MediaType MATROSKA = new MediaType("video/x-matroska", "mkv");
    public static final MediaType JPEG = new MediaType("image/jpeg", "jpg");
    public static final MediaType PNG = new MediaType("image/png", "png");
    public static final MediaType WEBP = new MediaType("image/webp", "webp");

    /** True for a video type. */
    public boolean video() {
        return type.startsWith("video/");
    }
}
