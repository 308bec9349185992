package io.reelay.lifecycle.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where this instance's waiting submits stand, for the status API: each stream task (partition) publishes the places
 * of its queue here when it computes them (once per tick at most, and only while somebody asks or a {@code queued}
 * event is due), and the API reads them on its own threads. Places are computed on the stream thread only: the queue
 * is not thread safe, and a question must never walk 100,000 waiting submits.
 */
@ApplicationScoped
public class QueueBoard {

    /** How long after a question the places are kept fresh at every tick. */
    static final long ASKED_FOR_MS = 10_000;
    /** Places older than this are refreshed before a question is answered, if the tracker does so in time. */
    static final long FRESH_MS = 1_000;
    /** Longest a question waits for fresh places (a few ticks). */
    static final long WAIT_MS = 300;

    /** One queue's places as computed at {@code at}, and how many submits wait there for each provider. */
    public record Board(Map<String, RequestStatus.Queue> places, Map<String, Integer> waiting, long at) {
    }

    private final Map<Integer, Board> byPartition = new ConcurrentHashMap<>();
    private volatile long askedAt = Long.MIN_VALUE;

    /** Whether someone asked where a request stands lately (then the places are computed at every tick). */
    public boolean asked(long now) {
        long at = askedAt;
        return at != Long.MIN_VALUE && now - at < ASKED_FOR_MS;
    }

    /** A partition's queue, computed at {@code board.at()}. */
    public void publish(int partition, Board board) {
        synchronized (this) {
            byPartition.put(partition, board);
            notifyAll();
        }
    }

    /** The partition's queue is gone from this instance (its task closed). */
    public void remove(int partition) {
        byPartition.remove(partition);
    }

    /** How many submits for {@code provider} wait in each of this instance's queues other than {@code partition}'s. */
    public int[] othersWaiting(int partition, String provider) {
        return byPartition.entrySet().stream().filter(e -> e.getKey() != partition)
                .mapToInt(e -> e.getValue().waiting().getOrDefault(provider, 0)).filter(n -> n > 0).toArray();
    }

    /**
     * Where a request waiting in {@code partition}'s queue stands, or null (not waiting, or not counted yet). Places
     * older than a second are refreshed first: the question asks the tracker for them and waits a few ticks at most
     * (call it off the event loop).
     */
    public RequestStatus.Queue place(String requestId, int partition, long now) {
        askedAt = now;
        Board board = byPartition.get(partition);
        if (board == null || now - board.at() > FRESH_MS) {
            board = fresher(partition, board == null ? Long.MIN_VALUE : board.at());
        }
        return board == null ? null : board.places().get(requestId);
    }

    private Board fresher(int partition, long than) {
        long until = System.currentTimeMillis() + WAIT_MS;
        synchronized (this) {
            Board board = byPartition.get(partition);
            long left;
            while ((board == null || board.at() <= than) && (left = until - System.currentTimeMillis()) > 0) {
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                board = byPartition.get(partition);
            }
            return board;
        }
    }
}
