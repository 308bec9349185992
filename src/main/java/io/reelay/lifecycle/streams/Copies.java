package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jboss.logging.Logger;

import io.reelay.events.VideoCompleted;
import io.reelay.lifecycle.LifecycleInput;
import io.reelay.lifecycle.MirrorFile;
import io.reelay.lifecycle.mapping.MirrorEvents;
import io.reelay.lifecycle.mirror.MirrorMetrics;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.state.TrackedTask;
import io.reelay.storage.MirrorFailure;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;

/**
 * The copies of one stream task's completed files into object storage. Like polls, they never run on the stream
 * thread: {@link #start} hands each file to the {@link VideoMirror} (one attempt; the port bounds how many run at
 * once), and their ends wait in a queue until {@link #applyDone} keeps them with the waiting completion and hands
 * them to the lifecycle, on the stream thread. A crash between a copy and its application only costs a copy made
 * again, to the same key.
 */
final class Copies {

    private static final Logger LOG = Logger.getLogger(Copies.class);

    /** The end of one copy, handed from the port's thread back to the stream thread. */
    private record Done(String requestId, MirrorFile file, StoredObject stored, Throwable failure) {
    }

    private final VideoMirror mirror;
    private final MirrorMetrics metrics;
    private final TrackerMetrics trackerMetrics;
    private final TrackerState store;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    /** Files with a copy under way, by request; stream thread only. */
    private final Map<String, Set<MirrorFile>> underWay = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();

    Copies(MirrorServices services, TrackerMetrics trackerMetrics, TrackerState store) {
        this.mirror = services.mirror();
        this.metrics = services.metrics();
        this.trackerMetrics = trackerMetrics;
        this.store = store;
    }

    /** False when the deployment does not mirror: completions then go out at once. */
    boolean enabled() {
        return mirror.enabled();
    }

    int underWay(String requestId) {
        Set<MirrorFile> files = underWay.get(requestId);
        return files == null ? 0 : files.size();
    }

    /** Whether any copy is under way or ended and not applied yet. */
    boolean anyUnderWay() {
        return !underWay.isEmpty() || !done.isEmpty();
    }

    /** Starts one copy of each file not already under way. */
    void start(TrackedTask task, Set<MirrorFile> files) {
        VideoCompleted completion = task.getCompletion();
        String id = task.getRequestId();
        for (MirrorFile file : files) {
            if (!underWay.computeIfAbsent(id, k -> new HashSet<>()).add(file)) {
                continue;
            }
            CompletionStage<StoredObject> copy;
            try {
                copy = mirror.copy(MirrorEvents.job(completion, file));
            } catch (Exception e) { // NOPMD: a port that throws instead of failing its stage
                copy = CompletableFuture.failedFuture(e);
            } catch (Error e) { // a bug or a broken deployment, not storage trouble: the request ends (internalError)
                underWay.get(id).remove(file);
                throw e;
            }
            copy.whenComplete((stored, failure) -> done.add(new Done(id, file, stored, failure)));
        }
    }

    /** Keeps the copies ended since the last call with their completions, and moves each request on. */
    void applyDone(long now, LifecycleShell lifecycle) {
        Done copy;
        while ((copy = done.poll()) != null) {
            Set<MirrorFile> files = underWay.get(copy.requestId());
            if (files != null && files.remove(copy.file()) && files.isEmpty()) {
                underWay.remove(copy.requestId());
            }
            TrackedTask task = store.inFlight(copy.requestId());
            if (task == null || task.getCompletion() == null) {
                continue; // ended meanwhile (its bound): nothing waits for this copy
            }
            try {
                lifecycle.apply(copy.requestId(), task, keep(task, copy, now), LifecycleShell.Reading.NONE, now);
            } catch (Throwable e) { // NOPMD: one request's trouble is its own
                // A paid completion is never failed for a copy: it goes out now, as completed, with what is stored.
                trackerMetrics.internalError("copy");
                LOG.errorf(e, "Request %s: the end of a copy could not be applied; it completes now",
                        copy.requestId());
                lifecycle.internalError(copy.requestId(), e, now);
            }
        }
    }

    private LifecycleInput keep(TrackedTask task, Done copy, long now) {
        VideoCompleted completion = task.getCompletion();
        if (copy.failure() == null && copy.stored() != null) {
            MirrorEvents.keepCopy(completion, copy.file(), copy.stored());
            long since = task.getMirrorSince() == null ? now : task.getMirrorSince();
            metrics.stored(task.getProvider(), copy.stored().sizeBytes(), Duration.ofMillis(Math.max(0, now - since)));
            return new LifecycleInput.MirrorCopied(copy.file(), random.nextDouble());
        }
        MirrorFailure failure = MirrorEvents.failureOf(copy.failure() != null ? copy.failure()
                : new IllegalStateException("the copy ended without an object"));
        MirrorEvents.keepFailure(completion, copy.file(), failure);
        metrics.failed(task.getProvider(), failure.reason().name());
        LOG.infof("Request %s: copy of %s %d failed (%s%s): %s", task.getRequestId(), copy.file().kind(),
                copy.file().video(), failure.reason(), failure.retryable() ? ", retried" : "", failure.getMessage());
        return new LifecycleInput.MirrorFailed(copy.file(), failure.reason().name(), failure.retryable(),
                random.nextDouble());
    }
}
