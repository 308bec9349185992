package io.reelay.lifecycle.mirror;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorJob;
import io.reelay.storage.ReadUrl;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;

/** No object storage: completions carry the upstream URLs alone, with mirror status {@code off}. */
public final class MirrorOff implements VideoMirror {

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public CompletionStage<StoredObject> copy(MirrorJob job) {
        // Never called while off; should it be, the copy fails for good rather than hold a completion back.
        return CompletableFuture.failedFuture(new MirrorFailure(MirrorFailure.Reason.storage_unavailable,
                "mirroring is off"));
    }

    @Override
    public ReadUrl readUrl(StoredObject object) {
        return new ReadUrl(object.url(), object.urlExpiresAt());
    }
}
