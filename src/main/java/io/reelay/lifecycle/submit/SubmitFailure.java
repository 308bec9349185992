package io.reelay.lifecycle.submit;

import java.util.concurrent.TimeoutException;

import io.reelay.events.FailureReason;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.lifecycle.mapping.TrackerEvents;
import io.reelay.upstream.LocalCallException;
import io.reelay.upstream.UpstreamError;
import io.reelay.upstream.UpstreamErrors;
import io.reelay.upstream.UpstreamException;

/** What a failed submit means for the request: reason code, message, and whether a retry could help. */
public record SubmitFailure(FailureReason reason, String message, UpstreamErrorDetail upstreamError, boolean retryable) {

    /**
     * Classifies a failed submit. A failure before sending is Reelay's own ({@code internal_error}, not
     * retryable: the same request would fail the same way); an answer whose task id Reelay cannot use is
     * the upstream's ({@code upstream_failed}); anything else but a clear error answer leaves the outcome unknown.
     */
    public static SubmitFailure of(Throwable failure) {
        if (failure instanceof LocalCallException) {
            return new SubmitFailure(FailureReason.internal_error, "The submit was not sent: it failed inside "
                    + "Reelay before reaching the upstream, so nothing was charged (" + failure.getMessage() + ")",
                    null, false);
        }
        if (failure instanceof UpstreamException u && u.error() != null
                && UpstreamErrors.UNUSABLE_TASK_ID.equals(u.error().code())) {
            return new SubmitFailure(FailureReason.upstream_failed, "The upstream accepted the submit but "
                    + u.error().message() + ", and may charge for it; Reelay cannot track it and does not "
                    + "resubmit.", TrackerEvents.detail(u.error()), false);
        }
        if (failure instanceof UpstreamException u && u.kind() == UpstreamException.Kind.ERROR_ANSWER && u.error() != null) {
            UpstreamError e = u.error();
            int status = e.httpStatus() == null ? 0 : e.httpStatus();
            FailureReason reason = switch (status) {
                case 401 -> FailureReason.unauthorized;
                case 402 -> FailureReason.insufficient_balance;
                case 403 -> FailureReason.forbidden;
                case 413 -> FailureReason.payload_too_large;
                case 400, 404, 422 -> FailureReason.upstream_rejected;
                default -> e.retryable() || status == 429 || status >= 500 || status == 409
                        ? FailureReason.upstream_unavailable : FailureReason.upstream_rejected;
            };
            String message = "The upstream refused the submit (HTTP " + status + (e.code() == null ? "" : " " + e.code())
                    + ")" + (e.message() == null ? "" : ": " + e.message());
            return new SubmitFailure(reason, message, TrackerEvents.detail(e),
                    reason == FailureReason.upstream_unavailable || e.retryable());
        }
        boolean timedOut = failure instanceof TimeoutException || failure instanceof io.smallrye.mutiny.TimeoutException;
        String cause = timedOut ? "no answer in time" : String.valueOf(failure.getMessage());
        return new SubmitFailure(FailureReason.submission_outcome_unknown,
                "The submit got no usable answer (" + cause + "). A task may exist upstream and be charged; "
                        + "Reelay does not resubmit blindly.",
                failure instanceof UpstreamException u ? TrackerEvents.detail(u.error()) : null, false);
    }
}
