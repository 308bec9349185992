package io.reelay.upstream.hub;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the hub video gateway client ({@code POST /hub/v1/video}, {@code GET /hub/v1/tasks/{id}}). */
@ConfigMapping(prefix = "reelay.hub")
public interface HubConfig {

    /**
     * Base URL of the gateway, without the {@code /hub/v1} part, e.g. {@code https://gateway.example}.
     * It has no public default and must be configured to use the hub; while unset, every call fails at
     * once with {@code provider_not_configured} and nothing is sent.
     */
    Optional<String> baseUrl();

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
