package io.reelay.messaging.config;

import io.smallrye.config.ConfigMapping;

/** The secret Reelay's instances share, and no one else holds. */
@ConfigMapping(prefix = "reelay.internal")
public interface InternalKeyConfig {

    /**
     * At least 32 characters, the same on every instance (a Secret: {@code REELAY_INTERNAL_KEY}). It signs the
     * tracker's records on video.tasks (a record it did not sign never moves or pays for a request), the owner of a
     * request posted over HTTP, and calls forwarded between instances. Never logged.
     */
    String key();
}
