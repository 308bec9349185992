package io.reelay.lifecycle.query;

import java.util.Comparator;
import java.util.Optional;

/**
 * A position in the list of requests, newest first: the sort time and the request id of the last row a page showed.
 * Written {@code <epoch millis>.<request id>}; the next page holds the rows after it in that order.
 */
public record ListCursor(long millis, String requestId) {

    /** Newest first; among equal times, by request id (descending), so the order is total. */
    public static final Comparator<RequestSummary> NEWEST_FIRST = Comparator
            .comparingLong(RequestSummary::sortMillis).reversed()
            .thenComparing(row -> row.requestId() == null ? "" : row.requestId(), Comparator.reverseOrder());

    /** Longest cursor accepted: a 19-digit time, a dot and a request id of at most 200 characters. */
    public static final int MAX_LENGTH = 220;

    public static ListCursor after(RequestSummary row) {
        return new ListCursor(row.sortMillis(), row.requestId() == null ? "" : row.requestId());
    }

    /** Whether {@code row} comes after this cursor in the list's order. */
    public boolean precedes(RequestSummary row) {
        long at = row.sortMillis();
        if (at != millis) {
            return at < millis;
        }
        String id = row.requestId() == null ? "" : row.requestId();
        return id.compareTo(requestId) < 0;
    }

    public String format() {
        return millis + "." + requestId;
    }

    /** The cursor {@code text} writes, or empty when it is not one. */
    public static Optional<ListCursor> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot < 1 || dot > 19) {
            return Optional.empty();
        }
        for (int i = 0; i < dot; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ListCursor(Long.parseLong(text.substring(0, dot)), text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
