package io.reelay.tracking.streams;

import io.reelay.upstream.TaskReport;

/** The end of one poll, handed from the HTTP client's thread back to the stream thread. */
record PollDone(String requestId, String upstreamTaskId, TaskReport report, Throwable failure) {
}
