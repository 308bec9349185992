package io.reelay.lifecycle.mapping;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

import io.reelay.events.CopyFailure;
import io.reelay.events.MirrorStatus;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.lifecycle.MirrorFile;
import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorJob;
import io.reelay.storage.StoredObject;

/**
 * Between the storage port's types and the events: the copies and failures kept on a waiting completion, the jobs
 * made from it, and the completion as it finally goes out.
 */
public final class MirrorEvents {

    /** The reason of a file whose bound passed before any of its attempts ended. */
    public static final String TIMEOUT = "timeout";

    /** A failure's message on the event, as CopyFailure.message promises. */
    private static final int MAX_MESSAGE = 300;

    private MirrorEvents() {
    }

    /** The copy job for one file of a waiting completion; a source that is not a URL fails it for good. */
    public static MirrorJob job(VideoCompleted completion, MirrorFile file) {
        VideoAsset asset = completion.getVideos().get(file.video());
        String source = file.lastFrame() ? asset.getLastFrameUrl() : asset.getUrl();
        URI uri;
        try {
            uri = new URI(source);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new MirrorFailure(MirrorFailure.Reason.forbidden_address, "the upstream's URL is not a URL");
        }
        return new MirrorJob(completion.getRequestId(), file.video(),
                file.lastFrame() ? MirrorJob.Kind.LAST_FRAME : MirrorJob.Kind.VIDEO, uri, completion.getUrlsExpireAt());
    }

    /** What a failed copy means, as the port promises: any other exception is storage trouble, which may pass. */
    public static MirrorFailure failureOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof MirrorFailure m ? m : new MirrorFailure(MirrorFailure.Reason.storage_unavailable,
                cause.getClass().getSimpleName());
    }

    /** Keeps a stored copy on the waiting completion; a failure kept earlier for the file goes. */
    public static void keepCopy(VideoCompleted completion, MirrorFile file, StoredObject stored) {
        VideoAsset asset = completion.getVideos().get(file.video());
        if (file.lastFrame()) {
            asset.setLastFrameStored(copy(stored));
        } else {
            asset.setStored(copy(stored));
        }
        List<CopyFailure> failures = failures(completion);
        failures.removeIf(f -> is(f, file));
        completion.setMirrorFailures(failures.isEmpty() ? null : failures);
    }

    /** Keeps a file's latest failure on the waiting completion, counting its attempts. */
    public static void keepFailure(VideoCompleted completion, MirrorFile file, MirrorFailure failure) {
        List<CopyFailure> failures = failures(completion);
        int attempts = failures.stream().filter(f -> is(f, file)).mapToInt(CopyFailure::getAttempts).findFirst()
                .orElse(0);
        failures.removeIf(f -> is(f, file));
        failures.add(CopyFailure.newBuilder()
                .setVideoIndex(file.video())
                .setFile(file.kind())
                .setReason(failure.reason().name())
                .setMessage(failure.getMessage() == null ? failure.reason().name() : failure.getMessage())
                .setRetryable(failure.retryable())
                .setAttempts(attempts + 1)
                .build());
        failures.sort(java.util.Comparator.comparing((CopyFailure f) -> f.getVideoIndex())
                .thenComparing(CopyFailure::getFile, java.util.Comparator.reverseOrder()));
        completion.setMirrorFailures(failures);
    }

    /**
     * Mirroring stopped short (the tracker failed on the request): every file without a stored copy gets a failure
     * for {@code reason} (retryable: another attempt might have succeeded), its attempts so far kept. Stored copies stay as they are.
     */
    public static void stopped(VideoCompleted completion, Set<MirrorFile> files, String reason, String message) {
        List<CopyFailure> failures = failures(completion);
        for (MirrorFile file : files) {
            VideoAsset asset = completion.getVideos().get(file.video());
            if ((file.lastFrame() ? asset.getLastFrameStored() : asset.getStored()) != null) {
                continue;
            }
            int attempts = failures.stream().filter(f -> is(f, file)).mapToInt(CopyFailure::getAttempts).findFirst()
                    .orElse(0);
            failures.removeIf(f -> is(f, file));
            failures.add(CopyFailure.newBuilder().setVideoIndex(file.video()).setFile(file.kind()).setReason(reason)
                    .setMessage(io.reelay.kafka.RecordLimits.cut(message, MAX_MESSAGE))
                    .setRetryable(true).setAttempts(attempts).build());
        }
        failures.sort(java.util.Comparator.comparing((CopyFailure f) -> f.getVideoIndex())
                .thenComparing(CopyFailure::getFile, java.util.Comparator.reverseOrder()));
        completion.setMirrorFailures(failures.isEmpty() ? null : failures);
    }

    /**
     * The completion as it goes out: every file without a copy has a failure (its last one, else {@link #TIMEOUT}),
     * and the status says whether every file was stored.
     */
    public static VideoCompleted finish(VideoCompleted completion, Set<MirrorFile> files) {
        List<CopyFailure> failures = failures(completion);
        for (MirrorFile file : files) {
            VideoAsset asset = completion.getVideos().get(file.video());
            boolean stored = (file.lastFrame() ? asset.getLastFrameStored() : asset.getStored()) != null;
            if (!stored && failures.stream().noneMatch(f -> is(f, file))) {
                failures.add(CopyFailure.newBuilder().setVideoIndex(file.video()).setFile(file.kind())
                        .setReason(TIMEOUT).setMessage("not stored within the mirror's bound").setRetryable(true)
                        .setAttempts(0).build());
            }
        }
        completion.setMirrorFailures(failures.isEmpty() ? null : failures);
        completion.setMirrorStatus(failures.isEmpty() ? MirrorStatus.stored : MirrorStatus.failed);
        return completion;
    }

    public static StoredCopy copy(StoredObject o) {
        return StoredCopy.newBuilder()
                .setBucket(o.bucket())
                .setKey(o.key())
                .setSizeBytes(o.sizeBytes())
                .setSha256(o.sha256())
                .setContentType(o.contentType())
                .setUrl(o.url().toString())
                .setUrlExpiresAt(o.urlExpiresAt())
                .build();
    }

    /** The port's object for a kept copy, to ask for a fresh read URL. */
    public static StoredObject object(StoredCopy c) {
        return new StoredObject(c.getBucket(), c.getKey(), c.getSizeBytes(), c.getSha256(), c.getContentType(),
                URI.create(c.getUrl()), c.getUrlExpiresAt());
    }

    private static List<CopyFailure> failures(VideoCompleted completion) {
        return completion.getMirrorFailures() == null ? new ArrayList<>()
                : new ArrayList<>(completion.getMirrorFailures());
    }

    private static boolean is(CopyFailure failure, MirrorFile file) {
        return failure.getVideoIndex() == file.video() && failure.getFile().equals(file.kind());
    }
}
