package io.reelay.storage;

import java.net.URI;
import java.time.Instant;

/** A URL that reads a stored object until {@code expiresAt}. */
public record ReadUrl(URI url, Instant expiresAt) {
}
