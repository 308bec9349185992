package io.reelay.lifecycle.streams;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.reelay.config.ReelayConfig;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.lifecycle.Lifecycle;
import io.reelay.lifecycle.RequestStage;
import io.reelay.lifecycle.SentCopy;
import io.reelay.lifecycle.StoredStage;
import io.reelay.kafka.Topics;
import io.reelay.state.FinishedRequest;
import io.reelay.state.TrackedTask;

/**
 * One stream task's stored requests: the in-flight store, the finished store, the schedule that files in-flight
 * requests by when they next need attention, and the learned durations. Every read and write of them goes
 * through here.
 */
final class TrackerState {

    /**
     * Most due requests one tick reads: when the rate budget holds polls back, the overdue part of the
     * schedule can be large, and reading all of it every tick would cost more than the polls it cannot send.
     */
    static final int MAX_DUE_PER_TICK = 2_048;
    /** The longest a tick goes without reading the schedule. */
    static final long RESCAN_MS = 10_000;
    /** Sorts after every schedule key (they start with digits). */
    private static final String AFTER_EVERY_KEY = "~";

    private final KeyValueStore<String, TrackedTask> inFlight;
    private final KeyValueStore<String, FinishedRequest> finished;
    /** {@code <wake time, 13 digits>|<request id>}: the in-flight requests in the order they need attention. */
    private final KeyValueStore<String, String> schedule;
    private final ReelayConfig config;
    private final Durations durations;
    private final TrackerObserver observer;
    /**
     * No entry of the schedule is earlier than this (a bound, not always the first key). A scan starts here, not at
     * the schedule's beginning: the keys of requests moved on are deleted ones there, which a scan from the start
     * would step over every tick.
     */
    private long earliest;
    /** Nothing is due before this: a tick before it reads nothing. Lowered by every earlier filing. */
    private long nextDue;

    TrackerState(ProcessorContext<?, ?> context, ReelayConfig config, TrackerObserver observer) {
        this.config = config;
        this.observer = observer;
        this.inFlight = context.getStateStore(Topics.IN_FLIGHT_STORE);
        this.finished = context.getStateStore(Topics.FINISHED_STORE);
        this.schedule = context.getStateStore(Topics.SCHEDULE_STORE);
        this.durations = new Durations(context, config.polling());
    }

    Durations durations() {
        return durations;
    }

    /** The request in flight, or null. */
    TrackedTask inFlight(String requestId) {
        return inFlight.get(requestId);
    }

    /** The request ended within the retention, or null. */
    FinishedRequest finished(String requestId) {
        return finished.get(requestId);
    }

    /** True when the request is in flight or has ended within the retention: a repeat is refused. */
    boolean known(String requestId) {
        return inFlight.get(requestId) != null || finished.get(requestId) != null;
    }

    /** Stores a request and files it in the schedule under the time it next needs attention. */
    void save(TrackedTask task) {
        // Every stored request is filed (wake_at set, see fileAll): one without it is new.
        boolean added = task.getWakeAt() == null;
        file(task);
        if (added) {
            observer.added(task);
        }
    }

    private void file(TrackedTask task) {
        fileAt(task, Lifecycle.wakeAt(StoredStage.of(task, null, false), config));
    }

    /** Stores a request filed under {@code wake} (moving its schedule key if it was filed under another). */
    private void fileAt(TrackedTask task, long wake) {
        if (task.getWakeAt() == null || task.getWakeAt() != wake) {
            if (task.getWakeAt() != null) {
                schedule.delete(scheduleKey(task.getWakeAt(), task.getRequestId()));
            }
            schedule.put(scheduleKey(wake, task.getRequestId()), task.getRequestId());
            task.setWakeAt(wake);
            earliest = Math.min(earliest, wake);
            nextDue = Math.min(nextDue, wake);
        }
        inFlight.put(task.getRequestId(), task);
    }

    /**
     * The requests whose time has come, most overdue first, at most {@link #MAX_DUE_PER_TICK}. Reads
     * only the due part of the schedule, however many requests are in flight.
     */
    List<TrackedTask> due(long now) {
        List<TrackedTask> due = new ArrayList<>();
        if (now < nextDue) {
            return due;
        }
        long first = Long.MAX_VALUE;
        long next = Long.MAX_VALUE;
        List<String> stale = new ArrayList<>();
        // One entry past the due ones is read too: the time of the next one, until which ticks read nothing.
        try (var entries = schedule.range(scheduleKey(earliest, ""), AFTER_EVERY_KEY)) {
            while (entries.hasNext()) {
                var entry = entries.next();
                long wake = wakeOf(entry.key);
                first = Math.min(first, wake);
                if (wake > now || due.size() >= MAX_DUE_PER_TICK) {
                    next = wake;
                    break;
                }
                TrackedTask task = inFlight.get(entry.value);
                if (task != null && task.getWakeAt() != null && task.getWakeAt() == wake) {
                    due.add(task);
                } else {
                    stale.add(entry.key); // its request ended or was filed again: nothing to wake
                }
            }
        }
        stale.forEach(schedule::delete);
        earliest = first == Long.MAX_VALUE ? now : first;
        // Due ones may stay due (a poll the budget holds back): read again next tick. Otherwise looked at again within
        // RESCAN_MS whatever the schedule says: a bound on what anything filed past file() (a test writing the store)
        // can wait.
        nextDue = due.isEmpty() ? Math.min(next, now + RESCAN_MS) : now;
        return due;
    }

    /** Nothing is due before this (a bound: the schedule is read again at least every {@link #RESCAN_MS}). */
    long nextDue() {
        return nextDue;
    }

    /**
     * Counts the stored requests for the in-flight gauge and files every one in the schedule under its stored
     * {@code wake_at} (or now, for one stored without), then brings forward every attempt stored as not sent: no
     * process holds it now, so it is resumed at the next tick rather than at its next look. Every request past its
     * submit (its call may have gone out) is handed to {@code sentBefore}. Called once the store is restored.
     *
     * <p>The schedule has no changelog: it is an index of this store, so it is built again here whenever the stream
     * task starts. A restore from the changelog (a wiped or new disk), a standby made active, or a partition back from
     * another instance finds it empty or as this instance last left it; filed again from the store, every request is
     * woken at the time its last owner filed it. Keys left from before (a request since filed at another time, or
     * ended) are skipped and dropped when a scan reaches them, as any stale key is ({@link #due}).
     */
    void fileAll(long now, java.util.function.Consumer<TrackedTask> sentBefore) {
        List<TrackedTask> unfiled = new ArrayList<>();
        List<TrackedTask> unsent = new ArrayList<>();
        observer.recount();
        try (var all = inFlight.all()) {
            while (all.hasNext()) {
                TrackedTask task = all.next().value;
                observer.added(task);
                RequestStage stage = StoredStage.of(task, null, false).stage();
                if (task.getWakeAt() == null) {
                    unfiled.add(task); // stored before the schedule existed
                } else if (task.getWakeAt() > now && stage == RequestStage.UNSENT) {
                    unsent.add(task);
                } else {
                    schedule.put(scheduleKey(task.getWakeAt(), task.getRequestId()), task.getRequestId());
                }
                if (!stage.submitting() || stage == RequestStage.SENT || stage == RequestStage.CANCEL_PENDING) {
                    sentBefore.accept(task);
                }
            }
        }
        earliest = 0;
        nextDue = 0;
        unfiled.forEach(this::file);
        unsent.forEach(task -> fileAt(task, now));
    }

    /**
     * Moves a request from the in-flight store to the finished store, after its terminal event; the event
     * is kept with it so that the outcome stays readable for the retention.
     */
    void remember(String requestId, String upstreamTaskId, VideoCompleted completion, VideoFailed failure,
            long now) {
        TrackedTask task = inFlight.get(requestId);
        if (task != null && task.getWakeAt() != null) {
            schedule.delete(scheduleKey(task.getWakeAt(), requestId));
        }
        // Finished first, then out of flight: the status API reads in-flight, then finished, from another thread, so
        // this order never shows a request in neither (a moment's not_found that ended its event stream).
        finished.put(requestId, OutputBounds.finished(FinishedRequest.newBuilder()
                .setRequestId(requestId)
                .setCompleted(completion != null)
                .setUpstreamTaskId(upstreamTaskId)
                .setFinishedAt(now)
                .setCompletion(completion)
                .setFailure(failure)
                .setTenant(completion != null ? completion.getTenant() : failure != null ? failure.getTenant() : null)
                .setPriority(completion != null ? completion.getPriority()
                        : failure != null ? failure.getPriority() : null)
                .setRequest(SentCopy.kept(task))
                .build()));
        inFlight.delete(requestId);
    }

    /** Forgets the requests that ended before {@code cutoff}. */
    void purgeFinished(long cutoff) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, FinishedRequest> all = finished.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value.getFinishedAt() < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(finished::delete);
    }

    private static long wakeOf(String key) {
        int bar = key.indexOf('|');
        try {
            return bar < 1 ? 0 : Long.parseLong(key, 0, bar, 10);
        } catch (NumberFormatException e) {
            return 0; // not a key this class wrote: read as due, then dropped as stale
        }
    }

    /** {@code <at, 13 digits>|<request id>} (String.format's "%013d|%s", which costs more than the rest of a tick). */
    static String scheduleKey(long at, String requestId) {
        String digits = Long.toString(Math.max(0, at));
        StringBuilder key = new StringBuilder(14 + digits.length() + requestId.length());
        for (int i = digits.length(); i < 13; i++) {
            key.append('0');
        }
        return key.append(digits).append('|').append(requestId).toString();
    }
}
