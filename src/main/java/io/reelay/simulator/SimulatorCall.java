package io.reelay.simulator;

import java.time.Instant;

/**
 * One call the simulator answered.
 *
 * @param requestId the {@code X-Request-Id} header, or null
 * @param authorized whether an {@code Authorization} header was sent (its value is never kept)
 * @param taskId the task the call created or asked about, or null
 */
public record SimulatorCall(Instant at, String method, String path, String requestId, boolean authorized,
        int status, String taskId) {
}
