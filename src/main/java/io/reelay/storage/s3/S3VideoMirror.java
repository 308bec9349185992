package io.reelay.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;
import io.reelay.storage.MirrorJob;
import io.reelay.storage.ReadUrl;
import io.reelay.storage.StoredObject;
import io.reelay.storage.VideoMirror;
import io.reelay.storage.content.ContentSniffer;
import io.reelay.storage.content.MediaType;
import io.reelay.storage.fetch.Source;
import io.reelay.storage.fetch.SourceFetcher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link VideoMirror} on an S3-compatible bucket. Each copy runs on one of {@code concurrency} worker threads (more
 * wait in a bounded queue; beyond it a copy fails at once with {@code storage_unavailable}); the source is fetched by
 * {@link SourceFetcher}, its first bytes checked against the job's kind and the allowed types, and streamed into the
 * bucket ({@link S3Uploader}) through a SHA-256 digest. The key depends on the job alone ({@link ObjectKeys}), so a
 * repeated copy overwrites the same object.
 */
public final class S3VideoMirror implements VideoMirror, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3VideoMirror.class);

    private final ReelayConfig.Storage settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final SourceFetcher fetcher;
    private final Clock clock;
    private final ObjectKeys keys;
    private final S3Uploader uploader;
    private final Duration urlLifetime;
    private final ThreadPoolExecutor workers;
    private final CompletableFuture<Void> bucketReady;

    public S3VideoMirror(ReelayConfig.Storage settings, S3Client s3, S3Presigner presigner, SourceFetcher fetcher,
            Clock clock) {
        if (settings.concurrency() < 1 || settings.maxQueued() < 1) {
            throw new IllegalArgumentException("reelay.storage.concurrency and max-queued must be at least 1");
        }
        if (settings.partSize() < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("reelay.storage.part-size must be at least 5 MiB (5242880)");
        }
        Duration lifetime = settings.presignedUrlLifetime();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(S3Clients.MAX_PRESIGN) > 0) {
            throw new IllegalArgumentException("reelay.storage.presigned-url-lifetime must be in (0, P7D]");
        }
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
        this.fetcher = fetcher;
        this.clock = clock;
        this.keys = new ObjectKeys(settings.prefix());
        this.uploader = new S3Uploader(s3, settings.partSize());
        this.urlLifetime = lifetime;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(settings.maxQueued()), r -> {
                    Thread t = new Thread(r, "reelay-mirror-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        // Copies wait for the bucket check (bounded by the store call timeout); it runs on a thread of its own, so
        // that no worker waits for a check queued behind it.
        this.bucketReady = settings.createBucket()
                ? CompletableFuture.runAsync(this::ensureBucket, r -> {
                    Thread t = new Thread(r, "reelay-mirror-bucket");
                    t.setDaemon(true);
                    t.start();
                })
                : CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public CompletionStage<StoredObject> copy(MirrorJob job) {
        CompletableFuture<StoredObject> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    result.complete(copyNow(job));
                } catch (MirrorFailure f) {
                    result.completeExceptionally(f);
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(new MirrorFailure(Reason.storage_unavailable,
                            "copy failed unexpectedly (" + e.getClass().getSimpleName() + ")"));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new MirrorFailure(Reason.storage_unavailable,
                    "more than " + settings.maxQueued() + " copies are waiting (or the mirror is closed)"));
        }
        return result;
    }

    @Override
    public ReadUrl readUrl(StoredObject object) {
        Instant expires = clock.instant().plus(urlLifetime);
        URI url = URI.create(presigner.presignGetObject(p -> p.signatureDuration(urlLifetime)
                .getObjectRequest(g -> g.bucket(object.bucket()).key(object.key()))).url().toString());
        return new ReadUrl(url, expires);
    }

    /** One attempt, on a worker thread. */
    StoredObject copyNow(MirrorJob job) {
        if (job == null || job.source() == null || job.kind() == null) {
            throw new MirrorFailure(Reason.forbidden_address, "the job has no source");
        }
        awaitBucket();
        boolean video = job.kind() == MirrorJob.Kind.VIDEO;
        long max = video ? settings.maxVideoBytes() : settings.maxImageBytes();
        Source source = fetcher.open(job.source(), max, job.sourceExpiresAt());
        try {
            byte[] head = source.readNBytes(ContentSniffer.HEAD_BYTES);
            MediaType type = checkedType(job, head, source);
            String key = keys.key(job, type);
            MessageDigest sha256 = sha256();
            InputStream body = new DigestInputStream(
                    new SequenceInputStream(new ByteArrayInputStream(head), source), sha256);
            long size = uploader.upload(settings.bucket(), key, type.type(), body, source.contentLength());
            source.failure().ifPresent(f -> {
                throw f;
            });
            StoredObject stored = new StoredObject(settings.bucket(), key, size,
                    HexFormat.of().formatHex(sha256.digest()), type.type(), null, null);
            ReadUrl url = readUrl(stored);
            return new StoredObject(stored.bucket(), key, size, stored.sha256(), type.type(), url.url(),
                    url.expiresAt());
        } catch (MirrorFailure f) {
            throw source.failure().orElse(f);
        } catch (IOException e) {
            throw source.failure().orElseGet(() -> new MirrorFailure(Reason.source_error,
                    "reading the source failed (" + e.getClass().getSimpleName() + ")"));
        } catch (SdkException e) {
            throw source.failure().orElseGet(() -> storeFailure(e));
        } finally {
            source.close();
        }
    }

    private void awaitBucket() {
        try {
            bucketReady.get(settings.storeCallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MirrorFailure(Reason.storage_unavailable, "interrupted while the bucket was being checked");
        } catch (ExecutionException | TimeoutException e) {
            throw new MirrorFailure(Reason.storage_unavailable, "the bucket check did not finish");
        }
    }

    private MediaType checkedType(MirrorJob job, byte[] head, Source source) {
        boolean video = job.kind() == MirrorJob.Kind.VIDEO;
        MediaType type = ContentSniffer.sniff(head, head.length).orElseThrow(() -> new MirrorFailure(
                Reason.wrong_content_type, "the source's bytes are not " + (video ? "a video" : "an image")
                        + " of a known type"));
        List<String> allowed = video ? settings.videoContentTypes() : settings.imageContentTypes();
        if (type.video() != video || !allowed.contains(type.type())) {
            throw new MirrorFailure(Reason.wrong_content_type, "the source's bytes are " + type.type()
                    + "; accepted for this file: " + String.join(", ", allowed));
        }
        if (ContentSniffer.contradicts(source.contentType(), type)) {
            throw new MirrorFailure(Reason.wrong_content_type, "the source declares " + source.contentType().get()
                    + " but its bytes are " + type.type());
        }
        return type;
    }

    private static MirrorFailure storeFailure(SdkException e) {
        String detail = e instanceof S3Exception s3e ? "answered " + s3e.statusCode()
                + (s3e.awsErrorDetails() != null && s3e.awsErrorDetails().errorCode() != null
                        ? " " + s3e.awsErrorDetails().errorCode() : "")
                : "could not be reached (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        return new MirrorFailure(Reason.storage_unavailable, "the object store " + detail);
    }

    private void ensureBucket() {
        String bucket = settings.bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
                LOG.infof("Created bucket %s for the stored copies", bucket);
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another instance created it first
            } catch (SdkException failed) {
                LOG.warnf("Could not create bucket %s: %s", bucket, storeFailure(failed).getMessage());
            }
        } catch (SdkException e) {
            LOG.warnf("Could not check bucket %s: %s", bucket, storeFailure(e).getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Never shows the keys: the mirror may end up in a log. */
    @Override
    public String toString() {
        return "S3VideoMirror[endpoint=" + settings.endpoint().map(URI::toString).orElse("<AWS>") + ", region="
                + settings.region() + ", bucket=" + settings.bucket() + ", prefix=" + settings.prefix()
                + ", pathStyle=" + settings.pathStyle() + ", credentials="
                + (settings.accessKeyId().isPresent() ? "***" : "<default chain>") + ", concurrency="
                + settings.concurrency() + "]";
    }

    @Override
    public void close() {
        workers.shutdownNow();
        fetcher.close();
        presigner.close();
        s3.close();
    }
}
