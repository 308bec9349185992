package io.reelay.tracking.streams;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.opentelemetry.context.Scope;
import io.reelay.events.FailureReason;
import io.reelay.messaging.TraceHeaders;
import io.reelay.events.VideoTaskEventType;
import io.reelay.state.TrackedTask;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.mapping.TrackerEvents;
import io.reelay.tracking.polling.DurationLearner;
import io.reelay.tracking.polling.PollPlanner;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.TaskHandle;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamStatus;
import io.reelay.upstream.VideoProvider;
import io.reelay.upstream.budget.RateBudgets;
import io.smallrye.mutiny.Uni;

/**
 * Polls for one stream task. Polls run on the HTTP client's threads and never on the stream
 * thread: {@link #start} sends the due ones (within the permits and the rate budget), and their
 * answers wait in a queue until {@link #applyDone} applies them on the stream thread. A crash
 * between a poll and its application only costs a repeated poll, which is free and harmless.
 */
final class Polls {

    private static final Logger LOG = Logger.getLogger(Polls.class);

    /** The end of one poll, handed from the HTTP client's thread back to the stream thread. */
    private record Done(String requestId, String upstreamTaskId, long sentAt, TaskReport report, Throwable failure) {
    }

    private final TrackerSettings settings;
    private final Function<String, VideoProvider> providers;
    private final Semaphore permits;
    private final RateBudgets budgets;
    private final TrackerMetrics metrics;
    private final TrackerState state;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    /** Requests with a poll under way; stream thread only. */
    private final Set<String> underWay = new HashSet<>();
    /** Jitter for back-offs, so that tasks that failed together do not come back together. */
    private final SplittableRandom random = new SplittableRandom();
    private final PollPlanner planner;

    Polls(TrackerSettings settings, TrackerServices services, Semaphore permits, TrackerState state) {
        this.settings = settings;
        this.providers = services.providers();
        this.permits = permits;
        this.budgets = services.budgets();
        this.metrics = services.metrics();
        this.state = state;
        this.planner = new PollPlanner(settings.polling());
    }

    boolean underWay(String requestId) {
        return underWay.contains(requestId);
    }

    /** Sends the due polls, most overdue first, as far as permits and the rate budget allow. */
    void start(List<TrackedTask> due, long now) {
        for (TrackedTask task : due) {
            if (!permits.tryAcquire()) {
                break;
            }
            // When the budget is short, the tasks waited on longest are polled.
            if (!budgets.tryTake(task.getProvider(), now)) {
                permits.release();
                metrics.rateBudgetWait(task.getProvider(), "poll");
                continue;
            }
            send(task, now);
        }
    }

    private void send(TrackedTask task, long now) {
        String id = task.getRequestId();
        String taskId = task.getUpstreamTaskId();
        VideoProvider provider = providers.apply(task.getProvider());
        if (provider == null) {
            permits.release();
            state.fail(task, FailureReason.internal_error, "No provider named " + task.getProvider()
                    + " is configured", false, null, now);
            return;
        }
        underWay.add(id);
        // In the request's trace: the poll's HTTP span is a child of its admission, however much later it runs.
        try (Scope ignored = TraceHeaders.fromTraceParent(task.getTraceParent()).makeCurrent()) {
            // Deferred: a provider that throws instead of failing its Uni must not take the stream thread down.
            Uni.createFrom().deferred(() -> provider.poll(new TaskHandle(taskId, task.getPollUrl())))
                    .ifNoItem().after(settings.pollTimeout()).fail()
                    .subscribe().with(
                            report -> {
                                permits.release();
                                done.add(new Done(id, taskId, now, report, null));
                            },
                            failure -> {
                                permits.release();
                                done.add(new Done(id, taskId, now, null, failure));
                            });
        }
    }

    /** Applies the polls that have ended since the last call. */
    void applyDone(long now) {
        Done poll;
        while ((poll = done.poll()) != null) {
            underWay.remove(poll.requestId());
            TrackedTask task = state.inFlight().get(poll.requestId());
            if (task == null || !Objects.equals(task.getUpstreamTaskId(), poll.upstreamTaskId())) {
                continue; // finished or replaced meanwhile
            }
            try {
                task.setPollCount(task.getPollCount() + 1);
                if (poll.failure() != null) {
                    onFailure(task, poll.failure(), now);
                } else {
                    onReport(task, poll.report(), poll.sentAt(), now);
                }
            } catch (RuntimeException e) {
                // An answer the tracker cannot apply (a bug, or an upstream answer past every bound) fails this
                // request, never the tick that holds every other request of the partition.
                metrics.internalError("poll");
                LOG.errorf(e, "Request %s: the answer to its poll could not be applied", task.getRequestId());
                state.fail(task, FailureReason.internal_error, "Reelay could not apply the upstream's answer for task "
                        + task.getUpstreamTaskId() + " (" + e.getClass().getSimpleName() + "); the task may still"
                        + " finish upstream and be charged", false, null, now);
            }
        }
    }

    /** Plans the first poll of a task the upstream has just accepted. */
    void planFirst(TrackedTask task, long now) {
        if (!settings.polling().adaptive()) {
            task.setNextPollAt(now + settings.firstPollDelay().toMillis());
            return;
        }
        PollPlanner.Plan plan = planner.first(task.getSubmittedAt(), state.durations().fitFor(task));
        task.setNextPollAt(plan.pollAt());
        task.setExpectedEndAt(plan.expectedEndAt());
    }

    private void planNext(TrackedTask task, TaskReport report, long sentAt, long now) {
        task.setLastRunningAt(sentAt);
        if (!settings.polling().adaptive()) {
            task.setNextPollAt(now + settings.pollInterval().toMillis());
            return;
        }
        PollPlanner.Plan plan = planner.next(task.getSubmittedAt(), sentAt, report.progress(),
                state.durations().fitFor(task), random.nextDouble());
        task.setNextPollAt(Math.max(now, plan.pollAt()));
        task.setExpectedEndAt(plan.expectedEndAt());
    }

    private void onReport(TrackedTask task, TaskReport report, long sentAt, long now) {
        Instant at = Instant.ofEpochMilli(now);
        if (report.status() == UpstreamStatus.COMPLETED || report.status() == UpstreamStatus.FAILED) {
            recordDetectionLag(task, report, sentAt, now);
        }
        if (report.status() == UpstreamStatus.COMPLETED) {
            long duration = DurationLearner.observedDuration(task.getSubmittedAt(), task.getLastRunningAt(), sentAt,
                    report.updatedAt() == null ? null : report.updatedAt().toEpochMilli());
            state.durations().learn(task, duration, now);
            if (report.videos().isEmpty()) {
                state.fail(task, FailureReason.upstream_failed,
                        "The upstream reported the task completed but gave no video URL", true, null, now);
                return;
            }
            state.complete(task, TrackerEvents.completed(task, report, at, settings.urlLifetime()), now);
            LOG.infof("Request %s completed: %d video(s) after %d poll(s)", task.getRequestId(),
                    report.videos().size(), task.getPollCount());
            return;
        }
        if (report.status() == UpstreamStatus.FAILED) {
            UpstreamError error = report.error();
            String message = error != null && error.message() != null ? error.message() : "The upstream task failed";
            state.fail(task, report.cancelled() ? FailureReason.cancelled : FailureReason.upstream_failed, message,
                    error != null && error.retryable(), TrackerEvents.detail(error), now);
            return;
        }
        if (report.status() == UpstreamStatus.UNRECOGNISED) {
            metrics.unrecognisedStatus(task.getProvider(), report.rawStatus());
        }
        if (!Objects.equals(task.getRawStatus(), report.rawStatus())) {
            if (report.status() == UpstreamStatus.UNRECOGNISED) {
                LOG.warnf("Request %s: unrecognised upstream status '%s'; the task stays in flight",
                        task.getRequestId(), report.rawStatus());
            }
            state.emit(TrackerEvents.observed(task, VideoTaskEventType.status_changed, report, at), task, now);
        } else if (report.progress() != null && !Objects.equals(task.getProgress(), report.progress())) {
            state.emit(TrackerEvents.observed(task, VideoTaskEventType.progress, report, at), task, now);
        }
        task.setRawStatus(report.rawStatus());
        task.setProgress(report.progress() != null ? report.progress() : task.getProgress());
        task.setPollErrors(0);
        planNext(task, report, sentAt, now);
        state.save(task);
    }

    /**
     * How long after the upstream finished the task Reelay ends it: only when the upstream says when it
     * finished (TokenLab to the second, hence the one-second allowance), and the time fits the polls.
     */
    private void recordDetectionLag(TrackedTask task, TaskReport report, long sentAt, long now) {
        if (report.updatedAt() == null || task.getSubmittedAt() == null) {
            return;
        }
        long finishedAt = report.updatedAt().toEpochMilli();
        if (finishedAt >= task.getSubmittedAt() - 1_000 && finishedAt <= sentAt + 1_000) {
            metrics.detectionLag(task.getProvider(), task.getModel(), java.time.Duration.ofMillis(now - finishedAt));
        }
    }

    private void onFailure(TrackedTask task, Throwable failure, long now) {
        UpstreamError error = failure instanceof UpstreamException u ? u.error() : null;
        if (UpstreamException.taskGone(failure)) {
            state.fail(task, FailureReason.task_not_found, "The upstream no longer knows task "
                    + task.getUpstreamTaskId() + (error.message() == null ? "" : ": " + error.message()), true,
                    TrackerEvents.detail(error), now);
            return;
        }
        int errors = task.getPollErrors() + 1;
        long capped = Math.min(settings.maxPollBackoff().toMillis(),
                settings.pollInterval().toMillis() << Math.min(errors - 1, 16));
        // Jitter (between 3/4 and all of the back-off) spreads tasks that failed together.
        long backoff = capped - (long) (random.nextDouble() * capped / 4);
        if (error != null && error.retryAfter() != null) {
            backoff = Math.max(backoff, error.retryAfter().toMillis());
        }
        task.setPollErrors(errors);
        task.setNextPollAt(now + backoff);
        state.save(task);
        LOG.warnf("Request %s: poll of upstream task %s failed (%d in a row), next in %d ms: %s",
                task.getRequestId(), task.getUpstreamTaskId(), errors, backoff, failure.getMessage());
    }
}
