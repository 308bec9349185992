package io.reelay.simulator;

import java.time.Instant;

/**
 * One call the simulator answered, or chose not to.
 *
 * @param requestId the {@code X-Request-Id} header, or null
 * @param authorized whether an {@code Authorization} header was sent (its value is never kept)
 * @param status the HTTP status answered, or {@link #NO_ANSWER} when the connection was dropped or the call hangs
 * @param taskId the task the call created or asked about, or null; a submit with a task id created that task
 * @param fault the injected fault ({@code rate_limited}, {@code hang}, ...), or null
 */
public record SimulatorCall(Instant at, String method, String path, String requestId, boolean authorized,
        int status, String taskId, String fault) {

    public static final int NO_ANSWER = 0;

    /** A call answered without an injected fault. */
    public SimulatorCall(Instant at, String method, String path, String requestId, boolean authorized, int status,
            String taskId) {
        this(at, method, path, requestId, authorized, status, taskId, null);
    }
}
