package io.reelay.lifecycle.streams;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorJob;
import io.reelay.storage.ReadUrl;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;

/**
 * A {@link VideoMirror} whose outcomes are scripted per source URL (the last one repeats; none scripted: stored),
 * and which records every copy it is asked for. A copy that {@linkplain #hang hangs} ends only when the test says.
 */
final class ScriptedMirror implements VideoMirror {

    static final String BUCKET = "videos";

    /** One scripted outcome: stored, failed, never ending by itself, or the port itself breaking. */
    record Outcome(MirrorFailure.Reason failure, boolean hang, boolean broken) {
    }

    static final Outcome STORED = new Outcome(null, false, false);
    static final Outcome HANG = new Outcome(null, true, false);
    /** The call throws an Error, as a storage client missing a class would: a bug, not storage trouble. */
    static final Outcome BROKEN = new Outcome(null, false, true);

    static Outcome failing(MirrorFailure.Reason reason) {
        return new Outcome(reason, false, false);
    }

    private final Map<String, Deque<Outcome>> script = new ConcurrentHashMap<>();
    final List<MirrorJob> copies = new ArrayList<>();
    final List<CompletableFuture<StoredObject>> hanging = new ArrayList<>();
    private final boolean enabled;

    ScriptedMirror(boolean enabled) {
        this.enabled = enabled;
    }

    void answer(String source, Outcome... outcomes) {
        script.put(source, new ArrayDeque<>(List.of(outcomes)));
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public synchronized CompletionStage<StoredObject> copy(MirrorJob job) {
        copies.add(job);
        Deque<Outcome> outcomes = script.get(job.source().toString());
        Outcome outcome = outcomes == null || outcomes.isEmpty() ? STORED
                : outcomes.size() == 1 ? outcomes.peek() : outcomes.poll();
        if (outcome.broken()) {
            throw new NoClassDefFoundError("software/amazon/awssdk/services/s3/S3AsyncClient");
        }
        if (outcome.hang()) {
            CompletableFuture<StoredObject> later = new CompletableFuture<>();
            hanging.add(later);
            return later;
        }
        if (outcome.failure() != null) {
            return CompletableFuture.failedFuture(new MirrorFailure(outcome.failure(), "scripted " + outcome.failure()));
        }
        return CompletableFuture.completedFuture(stored(job));
    }

    /** What a copy of {@code job} stores: one key per request, video and kind, whichever attempt made it. */
    static StoredObject stored(MirrorJob job) {
        String key = "reelay/" + job.requestId() + "/" + job.index()
                + (job.kind() == MirrorJob.Kind.LAST_FRAME ? "-last-frame.png" : ".mp4");
        return new StoredObject(BUCKET, key, 1_000L + job.index(), "00" + job.index(),
                job.kind() == MirrorJob.Kind.LAST_FRAME ? "image/png" : "video/mp4",
                URI.create("https://s3.example.com/" + BUCKET + "/" + key + "?sig=1"),
                Instant.parse("2026-11-22T11:00:00Z"));
    }

    @Override
    public ReadUrl readUrl(StoredObject object) {
        return new ReadUrl(URI.create("https://s3.example.com/" + object.bucket() + "/" + object.key() + "?fresh"),
                Instant.parse("2026-11-23T10:00:00Z"));
    }
}
