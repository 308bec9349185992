package io.reelay.api.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP API under /v1: who may call it, and how it answers for requests owned by another instance. */
@ConfigMapping(prefix = "reelay.api")
public interface ApiConfig {

    /** API keys. */
    Auth auth();

    /** Reading a request's state from the Kafka Streams stores. */
    Query query();

    /** The server-sent events stream of a request. */
    Events events();

    interface Auth {

        /**
         * Whether /v1/* needs an API key ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}).
         * On by default; off in the dev and demo profiles.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The callers, by name: {@code reelay.api.auth.clients.<name>.key} (from a Secret, e.g.
         * {@code REELAY_API_AUTH_CLIENTS_ACME_KEY}) and {@code .access} (read or write).
         */
        Map<String, Client> clients();
    }

    interface Client {

        /** The client's secret key. Compared in constant time; never logged. */
        String key();

        /** read: status and events; write: also submit and cancel. */
        @WithDefault("write")
        Access access();
    }

    enum Access {
        read,
        write
    }

    interface Query {

        /** How long a forwarded query may take before the answer is 503. */
        @WithDefault("PT5S")
        Duration forwardTimeout();

        /** Retry-After on a 503 while the stores are rebalancing or restoring. */
        @WithDefault("PT2S")
        Duration retryAfter();
    }

    interface Events {

        /** How often a request's state is read for its event stream. */
        @WithDefault("PT0.5S")
        Duration interval();

        /**
         * How long an events stream waits for a request it does not know yet (just posted, not yet read by
         * the tracker) before it ends with not_found.
         */
        @WithDefault("PT10S")
        Duration notFoundGrace();

        /** Longest an events stream stays open; the client reconnects for more. */
        @WithDefault("PT1H")
        Duration maxDuration();
    }
}
