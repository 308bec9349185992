package io.reelay.api.changes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.reelay.lifecycle.query.RequestSummary;

/**
 * Hands every change to every subscriber that may see it, each through a queue of its own of at most {@code buffer}
 * changes. Publishing never blocks: a subscriber whose queue is full loses what it held and is told to resync (read the
 * list again), so one slow reader costs only itself. Owners are learned from a request's records that carry one (its
 * intent, its end) and remembered, at most {@code owners} of them, for its other changes.
 */
public final class ChangeBroadcaster {

    private final int buffer;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, String> owners;

    public ChangeBroadcaster(int buffer, int owners) {
        this.buffer = Math.max(1, buffer);
        int most = Math.max(1, owners);
        this.owners = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > most;
            }
        };
    }

    /** A new subscriber that receives the changes of requests whose owner {@code visible} accepts. */
    public Subscriber subscribe(Predicate<String> visible) {
        Subscriber subscriber = new Subscriber(visible, buffer);
        subscribers.add(subscriber);
        return subscriber;
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Hands {@code change} on to every subscriber that may see it; returns at once. */
    public void publish(RequestSummary change) {
        if (change == null || change.requestId() == null) {
            return;
        }
        RequestSummary shown = change;
        synchronized (owners) {
            if (change.owner() != null) {
                owners.put(change.requestId(), change.owner());
            } else {
                String known = owners.get(change.requestId());
                if (known != null) {
                    shown = change.withOwner(known);
                }
            }
            if (change.state() != null && change.state().terminal()) {
                owners.remove(change.requestId()); // nothing follows a request's end
            }
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(shown);
        }
    }

    public int ownersKnown() {
        synchronized (owners) {
            return owners.size();
        }
    }

    /** What a subscriber reads next: changes, after a resync when some were dropped. */
    public record Batch(boolean resync, List<RequestSummary> changes) {
    }

    /** One reader of the changes (an open event stream). */
    public final class Subscriber {

        private final Predicate<String> visible;
        private final ArrayBlockingQueue<RequestSummary> queue;
        private final AtomicBoolean dropped = new AtomicBoolean();

        private Subscriber(Predicate<String> visible, int buffer) {
            this.visible = visible;
            this.queue = new ArrayBlockingQueue<>(buffer);
        }

        void offer(RequestSummary change) {
            boolean shown;
            try {
                shown = visible.test(change.owner());
            } catch (RuntimeException e) {
                shown = false;
            }
            if (shown && !queue.offer(change)) {
                queue.clear();
                dropped.set(true);
            }
        }

        /** The changes held now (at most the buffer), and whether some were dropped since the last read. */
        public Batch drain() {
            boolean resync = dropped.getAndSet(false);
            List<RequestSummary> changes = new ArrayList<>();
            queue.drainTo(changes, buffer);
            return new Batch(resync, changes);
        }

        public int held() {
            return queue.size();
        }

        public void close() {
            subscribers.remove(this);
            queue.clear();
        }
    }
}
