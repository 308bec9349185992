package io.reelay.lifecycle.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a request is, as the lifecycle knows it: the read model behind {@code GET /v1/requests/{id}}. Fields the
 * lifecycle does not know (yet) are null: an upstream task id before the submit, the videos before the end, every
 * outcome detail of a request that finished before outcomes were kept with it.
 *
 * @param state where the request is
 * @param upstreamStatus the upstream's last status, as the upstream wrote it
 * @param progress the upstream's last progress, 0-100
 * @param cancelRequested a cancellation was received and is being carried out
 * @param polls polls made so far (at the end: polls it took)
 * @param videos the finished videos, when completed
 * @param urlsExpireAt when the videos' URLs stop working, when the upstream says
 * @param failure why it failed, when failed
 * @param metadata the producer's metadata, without Reelay's reserved {@code reelay:} keys
 * @param owner the API client that posted it over HTTP; null for a request published straight to Kafka
 * @param estimatedCostUsd the cost estimate made at admission, in USD (null: the model has no price)
 * @param actualCostUsd what the upstream said it charged, in USD, once ended (null: it did not say)
 * @param upstreamAnswer once terminal, the upstream's answer when Reelay did not fully understand it (the terminal
 *        event's {@code upstream_answer}); else null
 * @param mirrorStatus once completed, whether its videos were copied into object storage ({@code stored},
 *        {@code failed}, {@code off}); null while in flight and for requests that ended before mirroring existed
 * @param mirrorFailures once completed with mirror status {@code failed}, or while mirroring: the files without a
 *        copy and why (the last attempt's reason)
 * @param tenant whose request it is (the API client, the producer's tenant or the default tenant); null for a request
 *        stored before tenants existed
 * @param priority 1 (served first) to 5 (served last); null likewise
 * @param queue while it waits in its provider's submit queue: its place and the estimates; else null
 * @param request the request as validated and submitted, bounded; null when it was not kept (refused before it was
 *        tracked, or stored before requests were kept)
 */
public record RequestStatus(String requestId, State state, String provider, String model, String operation,
        String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
        Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
        String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
        String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority, Queue queue,
        SentRequest request) {

    /** A status that says nothing about the request as sent. */
    public RequestStatus(String requestId, State state, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority, Queue queue) {
        this(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, queue, null);
    }

    /** A status that says nothing about a queue. */
    public RequestStatus(String requestId, State state, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority) {
        this(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, null);
    }

    /** The same status with {@code value} as its queue. */
    public RequestStatus withQueue(Queue value) {
        return new RequestStatus(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress,
                cancelRequested, polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd,
                actualCostUsd, upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, value, request);
    }

    /** The same status with {@code value} as the request as sent. */
    public RequestStatus withRequest(SentRequest value) {
        return new RequestStatus(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress,
                cancelRequested, polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd,
                actualCostUsd, upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, queue, value);
    }

    /** A status that says nothing about tenant or priority. */
    public RequestStatus(String requestId, State state, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures) {
        this(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, null, null);
    }

    /** A status that says nothing about mirroring. */
    public RequestStatus(String requestId, State state, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer) {
        this(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, null, null);
    }

    /** A status that says nothing about cost or a kept upstream answer. */
    public RequestStatus(String requestId, State state, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner) {
        this(requestId, state, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, null, null, null);
    }

    /** Where a request is, as its callers see it. */
    public enum State {
        /** Between its intent to submit and the upstream's task id: the paid submit may be under way. */
        SUBMITTING,
        /** The upstream task exists and is polled. */
        IN_PROGRESS,
        /** The upstream task completed (paid); its videos are being copied into object storage, for a bounded time. */
        MIRRORING,
        /** Ended with its videos. */
        COMPLETED,
        /** Ended without them. */
        FAILED;

        public boolean terminal() {
            return this == COMPLETED || this == FAILED;
        }
    }

    /**
     * Where a waiting submit stands in its provider's queue, as computed at {@code asOf} (once per tick while asked).
     *
     * @param position its place, 1 next, in the order the queue serves (priority, weighted fair across tenants,
     *        arrival), among the submits for its provider in the queue of its partition
     * @param waiting how many submits for its provider wait in that queue
     * @param estimatedStartAt when its submit is expected to go out; null when no estimate can be made
     * @param estimatedFinishAt that plus the duration its class of task is expected to take; null likewise
     */
    public record Queue(int position, int waiting, Instant estimatedStartAt, Instant estimatedFinishAt,
            Instant asOf) {
    }

    /** When things happened, and, while in progress, when the next poll and the end are expected. */
    public record Timings(Instant requestedAt, Instant acceptedAt, Instant submittedAt, Instant nextPollAt,
            Instant expectedEndAt, Instant upstreamCompletedAt, Instant finishedAt) {
    }

    /**
     * One finished video: the upstream's URLs, and the copies in object storage once made.
     *
     * @param stored the video's stored copy, with a read URL fresh at the time of the answer
     * @param lastFrameStored its last frame's stored copy, likewise
     */
    public record Video(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl,
            String contentType, String fileName, Long fileSizeBytes, Stored stored, Stored lastFrameStored) {

        /** A video without stored copies. */
        public Video(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl,
                String contentType, String fileName, Long fileSizeBytes) {
            this(url, durationSeconds, width, height, lastFrameUrl, contentType, fileName, fileSizeBytes, null, null);
        }

        /** The same video with its copies as given. */
        public Video withStored(Stored video, Stored lastFrame) {
            return new Video(url, durationSeconds, width, height, lastFrameUrl, contentType, fileName, fileSizeBytes,
                    video, lastFrame);
        }
    }

    /** A file kept in object storage, and a URL that reads it until {@code urlExpiresAt}. */
    public record Stored(String bucket, String key, long sizeBytes, String sha256, String contentType, String url,
            Instant urlExpiresAt) {
    }

    /** Why a file has no stored copy (yet): its last attempt's bounded reason. */
    public record CopyFailed(int videoIndex, String file, String reason, String message, boolean retryable,
            int attempts) {
    }

    /**
     * Why a request failed, as its failure event says.
     *
     * @param reason the failure event's reason code, e.g. {@code upstream_rejected}
     * @param validationErrors the rules the request broke, when it was refused (null: none listed)
     */
    public record Failure(String reason, String message, Boolean retryable, UpstreamError upstreamError,
            List<FieldError> validationErrors) {
    }

    /** The upstream's own error, when it gave one. */
    public record UpstreamError(Integer httpStatus, String code, String type, String message, String param,
            Long retryAfterSeconds) {
    }

    /** One rule the request broke; {@code allowed} lists the accepted values when there are few (null otherwise). */
    public record FieldError(String field, String code, String message, List<String> allowed) {
    }
}
