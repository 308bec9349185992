package io.reelay.storage;

import java.util.concurrent.CompletionStage;

/**
 * Copies one finished video, or its last frame, from the upstream's result URL into object storage, so that a paid
 * result outlives the upstream's link. The lifecycle calls it off the stream thread and decides retries and how long
 * a completion may wait; an implementation makes one attempt per call, bounds how many run at once, streams the bytes
 * (never holding a file whole) and writes each job to the same key every time, so a repeated copy after a crash
 * replaces the object rather than adding one.
 */
public interface VideoMirror {

    /** False when the deployment turned mirroring off: completions then carry the upstream URL alone. */
    boolean enabled();

    /**
     * One attempt to copy {@code job}'s source into storage. Never blocks the caller; completes with the stored object,
     * or exceptionally with a {@link MirrorFailure} (any other exception is treated as a retryable
     * {@link MirrorFailure.Reason#storage_unavailable}).
     */
    CompletionStage<StoredObject> copy(MirrorJob job);

    /** A fresh read URL for an object stored earlier (presigned, or served by Reelay), with its expiry. */
    ReadUrl readUrl(StoredObject object);
}
