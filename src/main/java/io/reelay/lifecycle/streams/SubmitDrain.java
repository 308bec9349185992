package io.reelay.lifecycle.streams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * Lets the paid calls under way finish before the instance stops. A submit holds one of the instance's permits from
 * its grant until its answer is in Kafka; on a graceful stop (SIGTERM) no new submit is granted, and the stop waits,
 * bounded, until every permit is back: each call that left has its answer recorded (a task id, or a refusal) before
 * Kafka Streams and the producers close, so a scale-in leaves no request {@code submission_outcome_unknown}. Marks
 * written and not read back yet still go out meanwhile (the stream threads run until the drain ends); submits still
 * waiting stay unmarked and their next owner sends them.
 */
public final class SubmitDrain {

    /** A topology's permit pool, full when none of its calls is under way. */
    private record Pool(Semaphore permits, int size) {
        int taken() {
            return Math.max(0, size - permits.availablePermits());
        }
    }

    private volatile boolean draining;
    /** Every topology built with it (the extension may build more than the one it runs: an idle one stays full). */
    private final List<Pool> pools = new CopyOnWriteArrayList<>();

    /** A topology's submit permits, all of which are back once none of its calls is under way. */
    void watch(Semaphore permits, int concurrency) {
        pools.add(new Pool(permits, concurrency));
    }

    /** True once the instance is stopping: no new submit is granted. */
    boolean draining() {
        return draining;
    }

    /**
     * Stops new grants and waits, at most {@code within}, until no call is under way.
     *
     * @return the calls still under way when it returned (0: all answered and recorded)
     */
    public int drain(Duration within) throws InterruptedException {
        draining = true;
        long until = System.nanoTime() + within.toNanos();
        while (underWay() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return underWay();
    }

    private int underWay() {
        return pools.stream().mapToInt(Pool::taken).sum();
    }
}
