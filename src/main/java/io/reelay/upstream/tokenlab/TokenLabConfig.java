package io.reelay.upstream.tokenlab;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the TokenLab unified video API client. */
@ConfigMapping(prefix = "reelay.tokenlab")
public interface TokenLabConfig {

    /**
     * Base URL of the API, without the {@code /v1} part. Poll URLs the API returns are only followed
     * when they stay on this URL's scheme, host and port.
     */
    @WithDefault("https://api.tokenlab.sh")
    String baseUrl();

    /**
     * API key, sent as {@code Authorization: Bearer <key>}. Leave unset to send no Authorization
     * header (the simulator in dev). Supply it from the environment or a Secret, never this file.
     */
    Optional<String> apiKey();

    /** Longest wait for a submit answer; after it the outcome is unknown and must not be resent blindly. */
    @WithDefault("PT30S")
    Duration submitTimeout();

    /** Longest wait for a poll answer; a poll is free and is simply tried again later. */
    @WithDefault("PT10S")
    Duration pollTimeout();
}
