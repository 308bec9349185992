package io.reelay.upstream;

/** Upstream task status, normalised across providers. */
public enum UpstreamStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED,
    /** A status this version of Reelay does not know: the task stays in flight. */
    UNRECOGNISED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
