package io.reelay.delivery;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

/**
 * One endpoint's deliveries that came due, in the order they came due, and its share of concurrency. The backlog has
 * no bound of its own: what a slow or dead endpoint holds up waits here, and only here (the deliveries are durable on
 * the state topic already); the dispatcher's global bound ({@code reelay.webhooks.max-active}) is what limits memory.
 *
 * <p>One thread drains at a time (a work-in-progress counter): an offer or a completion on another thread meanwhile
 * makes the draining thread look again, so no item is left waiting beside a free slot, and an attempt that completes
 * at once (a refused URL) does not recurse into the next one.
 *
 * @param <T> what is queued (a delivery in the state it came due in)
 */
final class Lane<T> {

    private static final Logger LOG = Logger.getLogger(Lane.class);

    /** Starts an item: true when an attempt is running (it calls {@link Lane#done()} once it ends), false when not. */
    interface Starter<T> {
        boolean start(T item);
    }

    private final int concurrency;
    private final Semaphore slots;
    private final Queue<T> backlog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final Predicate<T> current;
    private final Starter<T> starter;

    /**
     * @param current whether an item is still to be sent when its turn comes (not ended, released or replaced
     *     meanwhile); one that is not is dropped without taking a slot
     * @param starter starts an attempt
     */
    Lane(int concurrency, Predicate<T> current, Starter<T> starter) {
        this.concurrency = Math.max(1, concurrency);
        this.slots = new Semaphore(this.concurrency);
        this.current = current;
        this.starter = starter;
    }

    /** Queues an item that came due; it starts at once if a slot is free. */
    void offer(T item) {
        waiting.incrementAndGet();
        backlog.add(item);
        drain();
    }

    /** An attempt ended: its slot goes to the next item. */
    void done() {
        slots.release();
        drain();
    }

    /** Items due and waiting for a slot. */
    int waiting() {
        return waiting.get();
    }

    /** Attempts running now. */
    int inFlight() {
        return concurrency - slots.availablePermits();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread draining now looks again
        }
        int missed = 1;
        do {
            while (!backlog.isEmpty() && slots.tryAcquire()) {
                T next = backlog.poll(); // only this thread polls: not null after isEmpty() was false
                waiting.decrementAndGet();
                boolean started = false;
                try {
                    started = current.test(next) && starter.start(next);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Webhook attempt could not start");
                } finally {
                    if (!started) {
                        slots.release();
                    }
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
