package io.reelay.upstream;

/**
 * An HTTP error answer as a provider's error table reads it.
 *
 * @param error what the answer said, with a retry decision (the key not yet redacted)
 * @param fromUpstream whether the body is an error the upstream itself writes (else it may come from a
 *     proxy in front of it, which says nothing about whether the call took effect)
 * @param meaning what the error means, from the provider's own codes
 */
public record ErrorAnswer(UpstreamError error, boolean fromUpstream, FailureClass meaning) {
}
