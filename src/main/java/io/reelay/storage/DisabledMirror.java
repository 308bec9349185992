package io.reelay.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The mirror of a deployment that turned copying off ({@code reelay.storage.enabled=false}): it copies nothing. */
public final class DisabledMirror implements VideoMirror {

    @Override
    public boolean enabled() {
        return false;
    }

    /** Not called while {@link #enabled()} is false; answers a non-retryable failure should it be. */
    @Override
    public CompletionStage<StoredObject> copy(MirrorJob job) {
        return CompletableFuture.failedFuture(
                new MirrorFailure(MirrorFailure.Reason.storage_unavailable, "storage is disabled"));
    }

    @Override
    public ReadUrl readUrl(StoredObject object) {
        return new ReadUrl(object.url(), object.urlExpiresAt());
    }

    @Override
    public String toString() {
        return "DisabledMirror";
    }
}
