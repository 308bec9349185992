package io.reelay.storage;

import java.net.URI;
import java.time.Instant;

/**
 * One file to copy: the {@code index}-th video of a request (from 0, in the order of the completion event), or that
 * video's last frame.
 *
 * @param requestId the request the file belongs to (part of its key)
 * @param index the video's position on the completion event
 * @param kind the video itself or its last frame
 * @param source the upstream's result URL, an address Reelay did not choose
 * @param sourceExpiresAt when the upstream's link is expected to stop answering, or null when unknown
 */
public record MirrorJob(String requestId, int index, Kind kind, URI source, Instant sourceExpiresAt) {

    /** What the file is. */
    public enum Kind {
        VIDEO,
        LAST_FRAME
    }
}
