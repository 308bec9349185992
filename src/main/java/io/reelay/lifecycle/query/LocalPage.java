package io.reelay.lifecycle.query;

import java.util.List;

/**
 * The newest requests of this instance's partitions that a filter accepts, newest first. {@code partial}: some were
 * not read (a store restoring or moving, or more records than one list reads).
 */
public record LocalPage(List<RequestSummary> rows, boolean partial) {
}
