package io.reelay.storage;

import java.net.URI;
import java.time.Instant;

/**
 * A file kept in object storage.
 *
 * @param bucket the bucket
 * @param key the object's key, {@code <prefix>/<request id>/<n>.<ext>} (or {@code <n>-last-frame.<ext>})
 * @param sizeBytes its size
 * @param sha256 the lower-case hex SHA-256 of its bytes, computed while they were copied
 * @param contentType its media type, as checked against the bytes
 * @param url a URL to read it (presigned or served by Reelay) as of the copy
 * @param urlExpiresAt when {@code url} stops working; {@link VideoMirror#readUrl} gives a fresh one later
 */
public record StoredObject(String bucket, String key, long sizeBytes, String sha256, String contentType, URI url,
        Instant urlExpiresAt) {
}
