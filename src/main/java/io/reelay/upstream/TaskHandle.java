package io.reelay.upstream;

/**
 * What Reelay keeps to find an upstream task again.
 *
 * @param upstreamTaskId the upstream's task id
 * @param pollUrl absolute poll URL on the provider's configured host, or null to use the canonical one
 */
public record TaskHandle(String upstreamTaskId, String pollUrl) {
}
