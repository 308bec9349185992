package io.reelay.api.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    /** What one client may use: calls a minute and open event streams (each client has its own). */
    Limits limits();

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

        /**
         * read: status and events of its own requests; write: also submit and cancel them; admin: all of that for
         * every request, those of other clients and those published straight to Kafka included.
         */
        @WithDefault("write")
        Access access();

        /** This client's calls a minute; {@code reelay.api.limits.calls-per-minute} when unset. */
        Optional<Integer> callsPerMinute();

        /** This client's open event streams at once; {@code reelay.api.limits.streams} when unset. */
        Optional<Integer> streams();
    }

    enum Access {
        read,
        write,
        admin
    }

    interface Limits {

        /**
         * Calls a minute per client (API key) to /v1/*, in any rolling minute (bursts allowed); the call beyond it is
         * answered 429 with Retry-After. One client's calls never spend another's.
         * Not applied while authentication is off (every caller is then the same anonymous one).
         */
        @WithDefault("600")
        int callsPerMinute();

        /** Event streams (GET /v1/requests/{id}/events) one client may hold open at once; the next one gets 429. */
        @WithDefault("8")
        int streams();

        /** Longest value (a request id, a reason, a message) quoted back in an answer, in characters. */
        @WithDefault("200")
        int echoChars();

        /** Longest cancellation reason accepted, in characters (a longer one is refused with 400). */
        @WithDefault("1000")
        int cancelReasonChars();
    }

    interface Query {

        /** How long a forwarded query may take before the answer is 503. */
        @WithDefault("PT5S")
        Duration forwardTimeout();

        /** Retry-After on a 503 while the stores are rebalancing or restoring. */
        @WithDefault("PT2S")
        Duration retryAfter();

        /**
         * How old a forwarded call's signed credential may be when the receiving instance checks it (clocks of the
         * instances may differ by less than this); an older or future one is refused as unauthenticated.
         */
        @WithDefault("PT60S")
        Duration forwardMaxAge();

        /** Largest answer read from the instance a query is forwarded to. */
        @WithDefault("1048576")
        int forwardMaxBytes();
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
