package io.reelay.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A request as GET /v1/requests/{id} shows it: where it is, what the upstream last said, and, once
 * terminal, the videos or the failure. Field names follow the events on Kafka (snake_case).
 *
 * @param status submitting (the paid submit may be under way), in_progress (the upstream task exists and is
 *        polled), completed or failed (terminal)
 * @param upstreamStatus the upstream's last status, as written by the upstream
 * @param progress the upstream's last progress, 0-100
 * @param cancelRequested a cancellation was received and is being carried out
 * @param polls polls made so far (at the end: polls it took)
 * @param videos the finished videos, when completed
 * @param failure why it failed, when failed
 * @param metadata the producer's metadata (Reelay's own reserved {@code reelay:} keys left out)
 * @param owner the API client that posted it over HTTP; absent for a request published straight to Kafka
 * @param estimatedCostUsd the cost estimate made at admission, in USD with 6 decimal places; absent when the model
 *        has no price
 * @param actualCostUsd what the upstream said it charged, in USD with 6 decimal places, once ended; absent when it
 *        did not say
 * @param upstreamAnswer once terminal, the upstream's answer as text (its JSON, at most 4 KiB) when Reelay did not
 *        fully understand it, as on the terminal event; absent otherwise
 * @param mirrorStatus once completed: {@code stored} (every video and last frame has a copy in object storage),
 *        {@code failed} (see {@code mirror_failures}) or {@code off}; absent before
 * @param mirrorFailures the files without a stored copy and why, when mirroring failed (or, while mirroring, the
 *        last attempt's failure of a file that is still tried)
 * @param tenant whose request it is: the API client that posted it, else the tenant its producer named, else the
 *        default tenant (absent for requests stored before tenants existed)
 * @param priority 1 (served first) to 5 (served last); 3 unless the request named another (absent likewise)
 * @param queue while the request waits for its submit: its place in its provider's queue and when it is expected
 *        to start and finish; absent otherwise
 * @param request the request as validated and submitted (the JSON a producer sends, with the operation, the model's
 *        defaults, provider, tenant and priority filled in; each text cut to a bounded size, a data: URL to its first
 *        200 characters); absent for a request refused before it was tracked or stored before requests were kept
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(String requestId, Status status, String provider, String model, String operation,
        String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
        Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
        String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
        String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority, Queue queue,
        Sent request) {

    /** A view without the request as sent. */
    public RequestView(String requestId, Status status, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority, Queue queue) {
        this(requestId, status, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, queue, null);
    }

    /** A view without a queue. */
    public RequestView(String requestId, Status status, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures, String tenant, Integer priority) {
        this(requestId, status, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, tenant, priority, null);
    }

    /** The same view without its queue: what changes of state are told by. */
    public RequestView withoutQueue() {
        return queue == null ? this : new RequestView(requestId, status, provider, model, operation, upstreamTaskId,
                upstreamStatus, progress, cancelRequested, polls, timings, videos, urlsExpireAt, failure, metadata,
                owner, estimatedCostUsd, actualCostUsd, upstreamAnswer, mirrorStatus, mirrorFailures, tenant,
                priority, null, request);
    }

    /** A view without tenant or priority. */
    public RequestView(String requestId, Status status, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer,
            String mirrorStatus, List<CopyFailed> mirrorFailures) {
        this(requestId, status, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, mirrorStatus, mirrorFailures, null, null);
    }

    /** A view without mirroring. */
    public RequestView(String requestId, Status status, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner, BigDecimal estimatedCostUsd, BigDecimal actualCostUsd, String upstreamAnswer) {
        this(requestId, status, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, estimatedCostUsd, actualCostUsd,
                upstreamAnswer, null, null);
    }

    /** A view without cost or a kept upstream answer. */
    public RequestView(String requestId, Status status, String provider, String model, String operation,
            String upstreamTaskId, String upstreamStatus, Integer progress, Boolean cancelRequested, Integer polls,
            Timings timings, List<Video> videos, Instant urlsExpireAt, Failure failure, Map<String, String> metadata,
            String owner) {
        this(requestId, status, provider, model, operation, upstreamTaskId, upstreamStatus, progress, cancelRequested,
                polls, timings, videos, urlsExpireAt, failure, metadata, owner, null, null, null);
    }

    /** Where a request is. */
    public enum Status {
        submitting,
        in_progress,
        /** Completed upstream (paid); its videos are being copied into object storage, for a bounded time. */
        mirroring,
        completed,
        failed;

        public boolean terminal() {
            return this == completed || this == failed;
        }
    }

    /**
     * Where a waiting request stands in its provider's submit queue, computed at {@code as_of}.
     *
     * @param position 1 (next) to {@code waiting}, in the order the queue serves: priority, weighted fair across
     *        tenants, first come within a tenant; among the submits for its provider in the queue of the instance
     *        (partition) that serves it
     * @param estimatedStartAt when its submit is expected to go out (absent when no estimate can be made)
     * @param estimatedFinishAt that plus the duration its model's tasks are expected to take
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Queue(int position, int waiting, Instant estimatedStartAt, Instant estimatedFinishAt,
            Instant asOf) {
    }

    /** When things happened (and when the next poll is planned, while in progress). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(Instant requestedAt, Instant acceptedAt, Instant submittedAt, Instant nextPollAt,
            Instant expectedEndAt, Instant upstreamCompletedAt, Instant finishedAt) {
    }

    /** One finished video. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Video(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl,
            String contentType, String fileName, Long fileSizeBytes, Stored stored, Stored lastFrameStored) {

        /** A video without stored copies. */
        public Video(String url, Double durationSeconds, Integer width, Integer height, String lastFrameUrl,
                String contentType, String fileName, Long fileSizeBytes) {
            this(url, durationSeconds, width, height, lastFrameUrl, contentType, fileName, fileSizeBytes, null, null);
        }
    }

    /** A copy in object storage; {@code url} reads it until {@code url_expires_at} (fresh at each answer). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stored(String bucket, String key, long sizeBytes, String sha256, String contentType, String url,
            Instant urlExpiresAt) {
    }

    /** A file without a stored copy: {@code file} is video or last_frame; {@code reason} a bounded code. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CopyFailed(int videoIndex, String file, String reason, String message, boolean retryable,
            int attempts) {
    }

    /** Why a request failed, as on video.failed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String reason, String message, Boolean retryable, UpstreamError upstreamError,
            List<FieldError> validationErrors) {
    }

    /** The upstream's own error, when it gave one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpstreamError(Integer httpStatus, String code, String type, String message, String param,
            Long retryAfterSeconds) {
    }

    /** The request as sent: the fields of a producer's request (docs/contract.md), absent when it had none. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sent(String model, String operation, String provider, String prompt, String imageUrl, String image,
            List<String> referenceImages, List<String> referenceVideos, List<String> referenceAudios,
            String referenceImageType, String startImage, String endImage, String videoUrl, String audioUrl,
            Integer duration, String aspectRatio, String resolution, Boolean outputAudio,
            List<Element> klingElements, Map<String, String> parameters, Integer maxWaitSeconds,
            Map<String, String> metadata, Instant requestedAt, String callbackUrl, String tenant, Integer priority) {
    }

    /** A named element of a kling-3.0-video request. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Element(String name, String description, List<String> elementInputUrls) {
    }

    /** One rule the request broke. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String code, String message, List<String> allowed) {
    }
}
