package io.reelay.api.limit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many event streams one client holds open. A plain counter (a semaphore that must never block an event-loop
 * thread): a slot is taken when a stream opens and given back once, however the stream ends.
 */
public final class StreamSlots {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    StreamSlots(int max) {
        this.max = Math.max(0, max);
    }

    Optional<Slot> take() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return Optional.empty();
            }
            if (open.compareAndSet(now, now + 1)) {
                return Optional.of(new Slot(open));
            }
        }
    }

    int open() {
        return open.get();
    }

    /** One open stream's place; {@link #release()} gives it back (only the first call counts). */
    public static final class Slot {

        static final Slot UNLIMITED = new Slot(null);

        private final AtomicInteger open;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(AtomicInteger open) {
            this.open = open;
        }

        public void release() {
            if (open != null && released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
