package io.reelay.lifecycle.query;

import java.net.URI;

import org.jboss.logging.Logger;

import io.reelay.storage.ReadUrl;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;

/**
 * Read URLs of stored copies are presigned and expire, so the ones kept on the event are replaced, at read time, by
 * fresh ones from the {@link VideoMirror}. Should it not give one, the kept URL stays: it may still work.
 */
final class FreshReadUrls {

    private static final Logger LOG = Logger.getLogger(FreshReadUrls.class);

    private FreshReadUrls() {
    }

    static RequestStatus refresh(RequestStatus status, VideoMirror mirror) {
        if (status.videos() == null || status.videos().stream().allMatch(v -> v.stored() == null
                && v.lastFrameStored() == null)) {
            return status;
        }
        var videos = status.videos().stream().map(v -> v.withStored(fresh(v.stored(), mirror),
                fresh(v.lastFrameStored(), mirror))).toList();
        return new RequestStatus(status.requestId(), status.state(), status.provider(), status.model(),
                status.operation(), status.upstreamTaskId(), status.upstreamStatus(), status.progress(),
                status.cancelRequested(), status.polls(), status.timings(), videos, status.urlsExpireAt(),
                status.failure(), status.metadata(), status.owner(), status.estimatedCostUsd(),
                status.actualCostUsd(), status.upstreamAnswer(), status.mirrorStatus(), status.mirrorFailures(),
                status.tenant(), status.priority(), status.queue(), status.request());
    }

    private static RequestStatus.Stored fresh(RequestStatus.Stored stored, VideoMirror mirror) {
        if (stored == null) {
            return null;
        }
        try {
            ReadUrl url = mirror.readUrl(new StoredObject(stored.bucket(), stored.key(), stored.sizeBytes(),
                    stored.sha256(), stored.contentType(), URI.create(stored.url()), stored.urlExpiresAt()));
            return new RequestStatus.Stored(stored.bucket(), stored.key(), stored.sizeBytes(), stored.sha256(),
                    stored.contentType(), url.url().toString(), url.expiresAt());
        } catch (RuntimeException e) {
            LOG.warnf("No fresh read URL for %s/%s: %s", stored.bucket(), stored.key(), e.getMessage());
            return stored;
        }
    }
}
