package io.reelay.lifecycle.query;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** Keeps the {@code limit} newest of the rows offered, whatever their number: memory bounded by the limit. */
public final class Newest {

    private final int limit;
    // Oldest on top, to be dropped first.
    private final PriorityQueue<RequestSummary> kept;

    public Newest(int limit) {
        this.limit = Math.max(0, limit);
        this.kept = new PriorityQueue<>(Math.max(1, this.limit + 1), ListCursor.NEWEST_FIRST.reversed());
    }

    public void offer(RequestSummary row) {
        if (limit == 0) {
            return;
        }
        kept.add(row);
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    /** The rows kept, newest first. */
    public List<RequestSummary> newestFirst() {
        List<RequestSummary> rows = new ArrayList<>(kept);
        rows.sort(ListCursor.NEWEST_FIRST);
        return rows;
    }
}
