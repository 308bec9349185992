package io.reelay.upstream;

/**
 * The upstream accepted a submit.
 *
 * @param upstreamTaskId the upstream's task id (always present)
 * @param pollUrl absolute URL to poll, already resolved against and checked to be on the
 *     provider's configured host
 * @param rawStatus the status in the submit response, when there was one, cut to 64 characters
 */
public record SubmittedTask(String upstreamTaskId, String pollUrl, String rawStatus) {

    /** The providers refuse an unusable task id before they build one (see {@link UpstreamBounds#usableTaskId}). */
    public SubmittedTask {
        pollUrl = UpstreamBounds.url(pollUrl);
        rawStatus = UpstreamBounds.text(rawStatus, UpstreamBounds.MAX_STATUS_CHARS);
    }
}
