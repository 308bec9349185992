package io.reelay.lifecycle.streams;

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
import io.reelay.config.ReelayConfig;
import io.reelay.config.ReelayConfig.Polling.Strategy;
import io.reelay.events.FailureReason;
import io.reelay.kafka.TraceHeaders;
import io.reelay.lifecycle.LifecycleInput;
import io.reelay.lifecycle.MirrorFile;
import io.reelay.lifecycle.LifecycleInput.PollAnswered.Reported;
import io.reelay.lifecycle.Transition;
import io.reelay.state.TrackedTask;
import io.reelay.lifecycle.mapping.TrackerEvents;
import io.reelay.lifecycle.poll.DurationClass;
import io.reelay.lifecycle.poll.DurationLearner;
import io.reelay.lifecycle.poll.PollPlanner;
import io.reelay.observability.metrics.TrackerMetrics;
import io.reelay.storage.VideoMirror;
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

    private final ReelayConfig config;
    private final Function<String, VideoProvider> providers;
    private final Semaphore permits;
    private final RateBudgets budgets;
    private final TrackerMetrics metrics;
    private final TrackerState store;
    private final Endings endings;
    private final Queue<Done> done = new ConcurrentLinkedQueue<>();
    /** Requests with a poll under way; stream thread only. */
    private final Set<String> underWay = new HashSet<>();
    /** Jitter for back-offs, so that tasks that failed together do not come back together. */
    private final SplittableRandom random = new SplittableRandom();
    private final PollPlanner planner;
    /** Per class, the task its classmates' first polls wait for while it is queued (the instance's). */
    private final QueueLeaders leaders;
    private final VideoMirror mirror;
    private final java.util.concurrent.Executor calls;

    Polls(ReelayConfig config, TrackerServices services, Semaphore permits, TrackerState store,
            Endings endings, QueueLeaders leaders) {
        this.config = config;
        this.leaders = leaders;
        this.providers = services.providers();
        this.permits = permits;
        this.budgets = services.budgets();
        this.metrics = services.metrics();
        this.store = store;
        this.endings = endings;
        this.planner = new PollPlanner(config.polling());
        this.mirror = services.mirroring().mirror();
        this.calls = services.calls();
    }

    boolean underWay(String requestId) {
        return underWay.contains(requestId);
    }

    /** Whether any poll is under way or answered and not applied yet. */
    boolean anyUnderWay() {
        return !underWay.isEmpty() || !done.isEmpty();
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
            endings.fail(task, FailureReason.internal_error, "No provider named " + task.getProvider()
                    + " is configured", false, null, now);
            return;
        }
        underWay.add(id);
        // In the request's trace: the poll's HTTP span is a child of its admission, however much later it runs.
        try (Scope ignored = TraceHeaders.fromTraceParent(task.getTraceParent()).makeCurrent()) {
            // Deferred: a provider that throws instead of failing its Uni must not take the stream thread down.
            Uni<io.reelay.upstream.TaskReport> call = Uni.createFrom()
                    .deferred(() -> provider.poll(new TaskHandle(taskId, task.getPollUrl())))
                    .ifNoItem().after(config.tracker().pollTimeout()).fail();
            // Every call the budget grants leaves at the pace the upstream counts (submits' marks come in batches).
            long wait = budgets.callWait(task.getProvider(), now);
            // When it leaves, not when it was granted: the progress it reads is of that time.
            long sentAt = now + Math.max(0, wait);
            PacedCall.after(call, wait, calls)
                    .subscribe().with(
                            report -> {
                                permits.release();
                                done.add(new Done(id, taskId, sentAt, report, null));
                            },
                            failure -> {
                                permits.release();
                                done.add(new Done(id, taskId, sentAt, null, failure));
                            });
        }
    }

    /** Applies the polls that have ended since the last call, through the lifecycle. */
    void applyDone(long now, LifecycleShell lifecycle) {
        Done poll;
        while ((poll = done.poll()) != null) {
            underWay.remove(poll.requestId());
            TrackedTask task = store.inFlight(poll.requestId());
            if (task == null || !Objects.equals(task.getUpstreamTaskId(), poll.upstreamTaskId())) {
                continue; // finished or replaced meanwhile
            }
            try {
                task.setPollCount(task.getPollCount() + 1);
                if (poll.failure() != null) {
                    onFailure(task, poll.failure(), now, lifecycle);
                } else {
                    onReport(task, poll.report(), poll.sentAt(), now, lifecycle);
                }
            } catch (Throwable e) { // NOPMD: one request's trouble is its own
                // An answer the tracker cannot apply (a bug, or an upstream answer past every bound) ends this
                // request, never the tick that holds every other request of the partition; a completion already
                // kept still goes out as a completion.
                metrics.internalError("poll");
                LOG.errorf(e, "Request %s: the answer to its poll could not be applied", task.getRequestId());
                lifecycle.internalError(task.getRequestId(), e, now);
            }
        }
    }

    /** Plans the first poll of a task the upstream accepts now: when, and (adaptive) when it should end. */
    PollPlanner.Plan planFirst(TrackedTask task, long now) {
        if (config.polling().strategy() == Strategy.FIXED) {
            return new PollPlanner.Plan(now + config.tracker().firstPollDelay().toMillis(), 0);
        }
        return planner.first(now, store.durations().fitFor(task));
    }

    /** When a task due for a poll is worth polling after all (see PollPlanner#replanned), or null: poll it now. */
    Long pollNotBefore(TrackedTask task, long now) {
        if (config.polling().strategy() == Strategy.FIXED || task.getSubmittedAt() == null
                || task.getUpstreamTaskId() == null) {
            return null;
        }
        Long replanned = planner.replanned(task.getSubmittedAt(), task.getProgress(), store.durations().fitFor(task),
                now);
        if (task.getProgress() != null || task.getLastRunningAt() != null) {
            return replanned; // polled before: its own answers plan it
        }
        String leaderClass = leaderClass(task);
        if (store.durations().learned(leaderClass)) {
            // Its class's fit plans it: holding it for a queued classmate only puts it later than that fit says it
            // may end. The hold is for a class planned from the configured prior, whose first polls would each find
            // a task still queued; a queue that does not serve a class in order (a long task waiting longer) would
            // otherwise hold a short one past its end.
            return replanned;
        }
        Long held = leaders.holdUntil(leaderClass, task.getRequestId(), task.getSubmittedAt(), now,
                config.polling().minInterval().toMillis());
        return held != null && (replanned == null || held > replanned) ? held : replanned;
    }

    /** The class a task waits in for its leader: its duration class, else its model's. */
    private static String leaderClass(TrackedTask task) {
        return task.getDurationClass() != null ? task.getDurationClass()
                : DurationClass.modelClass(task.getProvider(), task.getModel());
    }

    /** Plans the next poll of a task a poll sent at {@code sentAt} found running. */
    private long planNext(TrackedTask task, TaskReport report, long sentAt, long now) {
        learnQueueEnd(task, report, sentAt, now);
        task.setLastRunningAt(sentAt);
        if (config.polling().strategy() == Strategy.FIXED) {
            return now + config.tracker().pollInterval().toMillis();
        }
        PollPlanner.Queue queue = report.status() == UpstreamStatus.PENDING ? new PollPlanner.Queue(
                store.durations().queueFitFor(task), store.durations().firstProgressFitFor(task)) : null;
        PollPlanner.Plan plan = planner.next(task.getSubmittedAt(), sentAt, report.progress(),
                store.durations().fitFor(task), queue, random.nextDouble());
        task.setExpectedEndAt(plan.expectedEndAt());
        if (report.status() == UpstreamStatus.PENDING && report.progress() == null) {
            leaders.queued(leaderClass(task), task.getRequestId(), task.getSubmittedAt(), plan.pollAt(), now);
        } else {
            leaders.left(leaderClass(task), task.getRequestId());
        }
        return plan.pollAt();
    }

    /**
     * A task the previous poll saw waiting without progress, and this one sees running: its queue ended between the
     * two polls, and how long tasks of its class wait queued is learned from the middle of that interval, and the
     * progress it reports now (at least the share of its duration the queue took: see PollPlanner). Only a
     * change of the upstream's status counts (an upstream that never reports progress is not queued for ever).
     */
    private void learnQueueEnd(TrackedTask task, TaskReport report, long sentAt, long now) {
        Long before = task.getLastRunningAt();
        if (report.status() != UpstreamStatus.PROCESSING || before == null || task.getSubmittedAt() == null
                || task.getProgress() != null || Objects.equals(task.getRawStatus(), report.rawStatus())
                || before < task.getSubmittedAt() || sentAt < before) {
            return;
        }
        store.durations().learnQueued(task, Math.max(1, (before + sentAt) / 2 - task.getSubmittedAt()), now);
        if (report.progress() != null && report.progress() > 0 && report.progress() < 100) {
            store.durations().learnFirstProgress(task, report.progress(), now);
        }
    }

    /**
     * Learns a task's duration once: from the first progress reading that tells it, else from its finish (and from its
     * finish too when that is far from what its progress said). Called before the answer is applied: the task still
     * holds the previous poll's progress and time.
     */
    private void learnDuration(TrackedTask task, TaskReport report, Reported status, long sentAt, long now) {
        if (task.getSubmittedAt() == null) {
            return;
        }
        Long lastElapsed = task.getLastRunningAt() == null ? null : task.getLastRunningAt() - task.getSubmittedAt();
        boolean learnedBefore = task.getProgress() != null
                && task.getProgress() >= DurationLearner.MIN_PROGRESS_TO_LEARN;
        if (status == Reported.RUNNING) {
            long implied = DurationLearner.durationFromProgress(sentAt - task.getSubmittedAt(), report.progress());
            if (implied > 0 && !learnedBefore) {
                store.durations().learn(task, implied, now);
            }
        } else if (status == Reported.COMPLETED) {
            long duration = DurationLearner.observedDuration(task.getSubmittedAt(), task.getLastRunningAt(), sentAt,
                    report.updatedAt() == null ? null : report.updatedAt().toEpochMilli());
            if (DurationLearner.finishTeaches(duration, lastElapsed, task.getProgress())) {
                store.durations().learn(task, duration, now);
            }
        }
    }

    private void onReport(TrackedTask task, TaskReport report, long sentAt, long now, LifecycleShell lifecycle) {
        Reported status = switch (report.status()) {
            case COMPLETED -> Reported.COMPLETED;
            case FAILED -> Reported.FAILED;
            default -> Reported.RUNNING;
        };
        if (status != Reported.RUNNING) {
            recordDetectionLag(task, report, sentAt, now);
            leaders.left(leaderClass(task), task.getRequestId());
        }
        learnDuration(task, report, status, sentAt, now);
        if (report.status() == UpstreamStatus.UNRECOGNISED) {
            metrics.unrecognisedStatus(task.getProvider(), report.rawStatus());
            if (!Objects.equals(task.getRawStatus(), report.rawStatus())) {
                LOG.warnf("Request %s: unrecognised upstream status '%s'; the task stays in flight",
                        task.getRequestId(), report.rawStatus());
            }
        }
        long next = status == Reported.RUNNING ? planNext(task, report, sentAt, now) : 0;
        UpstreamError error = report.error();
        lifecycle.apply(task.getRequestId(), task, new LifecycleInput.PollAnswered(status, report.rawStatus(),
                report.progress(), !report.videos().isEmpty(), report.cancelled(),
                error == null ? null : error.message(), error != null && error.retryable(), next, toMirror(report)),
                new LifecycleShell.Reading(null, null, null, report, TrackerEvents.detail(error), null, null), now);
    }

    /** The files a completed task's completion waits for: each video and its last frame; none when not mirroring. */
    private Set<MirrorFile> toMirror(TaskReport report) {
        if (report.status() != UpstreamStatus.COMPLETED || !mirror.enabled()) {
            return Set.of();
        }
        return MirrorFile.of(report.videos().size(), i -> report.videos().get(i).lastFrameUrl() != null);
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

    private void onFailure(TrackedTask task, Throwable failure, long now, LifecycleShell lifecycle) {
        UpstreamError error = failure instanceof UpstreamException u ? u.error() : null;
        boolean gone = UpstreamException.taskGone(failure);
        Transition moved = lifecycle.apply(task.getRequestId(), task, new LifecycleInput.PollFailed(gone,
                error == null ? null : error.message(),
                error == null || error.retryAfter() == null ? null : error.retryAfter().toMillis(), random.nextDouble()),
                new LifecycleShell.Reading(null, null, null, null, TrackerEvents.detail(error), null, null), now);
        if (!moved.ends()) {
            LOG.warnf("Request %s: poll of upstream task %s failed (%d in a row), next in %d ms: %s",
                    task.getRequestId(), task.getUpstreamTaskId(), task.getPollErrors(),
                    task.getNextPollAt() - now, failure.getMessage());
        }
    }
}
