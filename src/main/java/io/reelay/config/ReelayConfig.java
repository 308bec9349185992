package io.reelay.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code reelay.*} setting of the service, in one place: the groups below are the keys (a method
 * {@code maxWait()} in {@link Tracker} is {@code reelay.tracker.max-wait}), each with its meaning and its default.
 * A key without {@code @WithDefault} is an {@code Optional} (unset means what its Javadoc says) or a map (empty
 * unless entries are set).
 * <p>
 * Set a key in application.properties (a profile's value beside its base key, {@code %dev.reelay...}), as a system
 * property, or from the environment: every character that is not a letter or digit becomes {@code _}, the rest is
 * upper-cased ({@code reelay.tokenlab.api-key} is {@code REELAY_TOKENLAB_API_KEY}). Secrets come from the
 * environment (a Kubernetes Secret), never from the file.
 * <p>
 * SmallRye Config checks the whole tree at start-up: a value it cannot convert, or a {@code reelay.*} property in
 * application.properties or a system property that no group here maps (a misspelling), stops the service with the
 * property's name. The provider simulator is a program of its own with its own settings.
 * <p>
 * Code takes these interfaces themselves, never a copy of their values: a class that is not a CDI bean takes the
 * group it reads, or this root when it reads several (the tracker's topology and its lifecycle read the tracker,
 * submitter and polling groups). Ranges a type cannot say are checked where the values are first used at start-up
 * ({@code PollingLimits}, the provider clients' base URLs). Tests build the real mapping with its defaults through
 * {@code io.reelay.config.TestConfig}.
 */
@ConfigMapping(prefix = "reelay")
public interface ReelayConfig {

    /** {@code reelay.tracker.*}: the Kafka Streams topology that admits, submits, polls and ends requests. */
    Tracker tracker();

    /** {@code reelay.polling.*}: when in-flight tasks are polled. */
    Polling polling();

    /** {@code reelay.submitter.*}: the paid submit calls. */
    Submitter submitter();

    /** {@code reelay.routing.*}: which upstream provider serves which model. */
    Routing routing();

    /** {@code reelay.rate-budget.*}: calls a minute each provider's key may make. */
    RateBudget rateBudget();

    /** {@code reelay.upstream.*}: what every provider client shares (circuit breaker, HTTP connections). */
    Upstream upstream();

    /** {@code reelay.tokenlab.*}: the TokenLab unified video API client. */
    TokenLab tokenlab();

    /** {@code reelay.hub.*}: the hub video gateway client. */
    Hub hub();

    /** {@code reelay.validation.*}: limits enforced on every request before any paid call. */
    Validation validation();

    /** {@code reelay.api.*}: the HTTP API under /v1. */
    Api api();

    /** {@code reelay.serialization.*}: the wire format of the Avro topics. */
    Serialization serialization();

    /** {@code reelay.internal.*}: the secret Reelay's instances share. */
    Internal internal();

    /** {@code reelay.topics.*}: whether and how Reelay creates its topics at start-up. */
    Topics topics();

    /** {@code reelay.catalog.*}: where the model catalog comes from and how it stays current. */
    Catalog catalog();

    /** {@code reelay.storage.*}: the bucket that keeps a copy of every finished video (docs/storage.md). */
    Storage storage();

    /** {@code reelay.mirror.*}: how long a completion waits for its videos' copies into object storage. */
    Mirror mirror();

    /** {@code reelay.webhooks.*}: delivering terminal events to consumers by signed webhook (docs/webhooks.md). */
    Webhooks webhooks();

    /** {@code reelay.tenancy.*}: what holds for every tenant (docs/operations.md#tenants). */
    Tenancy tenancy();

    /**
     * {@code reelay.tenants.<name>.*}: the tenants named here, each with its settings. A tenant need not be named to
     * send requests; a named one (like an API client's name) is shown as itself in metrics, any other as
     * {@code other}.
     */
    Map<String, Tenant> tenants();

    /** {@code reelay.scheduling.*}: the order waiting submits are served in (docs/tenants.md). */
    Scheduling scheduling();

    /** How waiting submits share each provider's permits and rate budget. */
    interface Scheduling {

        /** The orders {@link #policy()} may name. */
        enum Policy {
            /** By priority (1 first), then weighted fair across tenants, then first come within a tenant. */
            FAIR,
            /** First come, first served, whatever the priority or tenant (the baseline of the fairness benchmark). */
            FIRST_COME
        }

        /** {@code fair} or {@code first-come}. */
        @WithDefault("fair")
        Policy policy();

        /**
         * Least part of each provider's rate budget kept for polls of tasks already paid for, while any are due
         * (0 to 1): a submit never takes the budget's last tokens from a due poll, and submits wait until the tick's
         * due polls have taken theirs.
         */
        @WithDefault("0.2")
        double pollReserve();
    }

    /** Settings of the task tracker: the Kafka Streams topology that polls every in-flight task. */
    interface Tracker {

        /**
         * How often the tracker looks for due polls, deadlines and finished polls (wall-clock) while any call is under
         * way or submits wait; with none, a partition ticks when its next request is due, at least once a second (each
         * tick is a commit: {@code TickPace}). Cheap: a tick reads only the due part of the schedule. It bounds the
         * delay a poll adds to a detection.
         */
        @WithDefault("PT0.1S")
        Duration tickInterval();

        /** Delay between the upstream accepting a task and its first poll ({@code fixed} polling). */
        @WithDefault("PT5S")
        Duration firstPollDelay();

        /**
         * Delay between two polls of a task that is still running ({@code fixed} polling; the upstream advises
         * 5-10 s); the base of the back-off after failed polls.
         */
        @WithDefault("PT5S")
        Duration pollInterval();

        /** Upper bound of the back-off after failed polls. */
        @WithDefault("PT1M")
        Duration maxPollBackoff();

        /** Polls in flight at once on this instance, across all its partitions. */
        @WithDefault("64")
        int maxConcurrentPolls();

        /** How long a poll may take before it counts as failed (and is retried later). */
        @WithDefault("PT15S")
        Duration pollTimeout();

        /** Longest a task may run upstream; past it the request fails with reason timeout. */
        @WithDefault("PT30M")
        Duration maxWait();

        /**
         * Per-model deadlines, e.g. {@code reelay.tracker.model-max-wait."veo3.1-fast"=PT10M}; a request's
         * max_wait_seconds wins. None by default: every model has {@link #maxWait()}.
         */
        Map<String, Duration> modelMaxWait();

        /**
         * How long after the intent to submit the upstream's answer may stay unknown; past it the
         * request fails with reason submission_outcome_unknown (never resubmitted blindly). Must be
         * longer than the submit timeout.
         */
        @WithDefault("PT2M")
        Duration submitOutcomeTimeout();

        /** How long a finished request id is remembered, so that a repeat is not submitted again. */
        @WithDefault("P7D")
        Duration finishedRetention();

        /** Expected lifetime of upstream video URLs after completion, reported as urls_expire_at. */
        @WithDefault("PT1H")
        Duration urlLifetime();
    }

    /**
     * How in-flight tasks are polled. Adaptive (the default) schedules each task by itself: the first
     * poll near the end of the duration learned for its kind of task, then from the progress the
     * upstream reports, so that a finished video is noticed within the lag tolerance with as few polls
     * as possible. Fixed polls every {@code reelay.tracker.poll-interval}, as the upstreams advise.
     */
    interface Polling {

        /** How tasks are polled. */
        enum Strategy {
            /** Each task by itself, from its expected duration and reported progress (see docs/polling.md). */
            ADAPTIVE,
            /** Every {@code reelay.tracker.poll-interval}, after {@code reelay.tracker.first-poll-delay}. */
            FIXED
        }

        /** {@code adaptive} or {@code fixed}. */
        @WithDefault("adaptive")
        Strategy strategy();

        /**
         * The detection lag a poll is planned for, absolute part: a task is polled at the latest time that still
         * notices it within {@code lag-tolerance + lag-tolerance-ratio * duration} if it finishes at the earliest
         * time its progress allows, and no later than this past the latest time it allows. Tick and commit add their
         * own delay on top (well under a second by default).
         */
        @WithDefault("PT1.5S")
        Duration lagTolerance();

        /** The detection lag a poll is planned for, as a share of the task's duration; in [0, 1). */
        @WithDefault("0.025")
        double lagToleranceRatio();

        /**
         * The most detection lag a poll is planned for, however long the task: the share above stops growing here
         * (past 9 minutes of task by default), so a half-hour task is noticed within 15 s of its end, not 46 s. Not
         * below {@code lag-tolerance}.
         */
        @WithDefault("PT15S")
        Duration lagToleranceMax();

        /** Never poll one task more often than this. */
        @WithDefault("PT1S")
        Duration minInterval();

        /** Never leave a running task unpolled longer than this. */
        @WithDefault("PT5M")
        Duration maxInterval();

        /** What a task is expected to take before any of its kind has been seen to finish. */
        @WithDefault("PT2M")
        Duration expectedDuration();

        /**
         * Per-model starting points, e.g. {@code reelay.polling.model-expected-durations."veo3.1-fast"=PT50S}.
         * None by default: every model starts from {@link #expectedDuration()}.
         */
        Map<String, Duration> modelExpectedDurations();

        /** Spread (standard deviation of ln duration) assumed before anything is learned: wide, so first polls come early. */
        @WithDefault("0.5")
        double priorSpread();

        /**
         * Spread assumed before anything is learned of a model whose typical duration is configured
         * ({@code model-expected-durations}): narrower than {@code prior-spread}, since it is stated, not guessed.
         */
        @WithDefault("0.35")
        double modelPriorSpread();

        /**
         * Share of tasks allowed to finish before their first poll: the first poll aims at this quantile
         * of the learned duration (plus the tolerance). Lower: fewer late detections, more polls. In (0, 0.5).
         */
        @WithDefault("0.02")
        double earlyQuantile();

        /** Without progress, each interval is this share of the time the task has run so far. */
        @WithDefault("0.25")
        double backoffRatio();

        /** Up to this share of a back-off interval is taken off at random, so tasks polled together drift apart. */
        @WithDefault("0.1")
        double jitter();

        /** Least weight of a new sample in the learned duration: about 1/this of the latest tasks dominate. */
        @WithDefault("0.02")
        double learningRate();

        /**
         * How often each partition publishes the classes it learned on {@code video.durations}, each its latest
         * statistics: what the other partitions and instances know of a class lags this much at most (plus a tick).
         */
        @WithDefault("PT1S")
        Duration shareInterval();
    }

    /** Settings of the paid submit calls. */
    interface Submitter {

        /** What to do when a submit's outcome stays unknown (the call may or may not have created a task). */
        enum UnknownOutcomePolicy {
            /** End the request with submission_outcome_unknown and let the producer decide (safe: never pays twice). */
            FAIL,
            /** Submit again, accepting that the upstream may charge twice (for producers who prefer that to a gap). */
            RESUBMIT
        }

        /** Submit calls in flight at once on this instance. */
        @WithDefault("32")
        int concurrency();

        /**
         * Longest wait for the upstream's answer to a submit. Past it the outcome is unknown and the
         * request fails with submission_outcome_unknown (it is never resubmitted blindly).
         */
        @WithDefault("PT60S")
        Duration callTimeout();

        /**
         * How long a graceful stop (SIGTERM) waits for the submit calls under way to answer and their answers to be
         * recorded, granting no new one meanwhile, before Kafka Streams closes. Keep it under the orchestrator's grace
         * period (k8s/: 60 s) less the time Kafka Streams takes to close.
         */
        @WithDefault("PT30S")
        Duration shutdownDrain();

        /**
         * Most submit attempts per request when the upstream clearly refuses (429, 503, 409 material
         * preparing: no task was created). An attempt whose outcome is unknown is never repeated.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Back-off before the second attempt; doubled for each further one, with jitter. */
        @WithDefault("PT2S")
        Duration retryBackoff();

        /** Upper bound of the back-off between attempts (a longer Retry-After from the upstream still wins). */
        @WithDefault("PT2M")
        Duration maxRetryBackoff();

        /** The policy for unknown submit outcomes; {@code fail} by default, because a resubmit is a new charge. */
        @WithDefault("fail")
        UnknownOutcomePolicy unknownOutcome();
    }

    /** Which upstream provider serves which model. */
    interface Routing {

        /**
         * The entry {@code GET /v1/models/{id}} shows for a model id that several providers serve (e.g. seedance-2.0)
         * and {@link #models()} does not name. Requests are routed by their content (docs/contract.md, "Routing").
         */
        @WithDefault("tokenlab")
        String defaultProvider();

        /**
         * Per-model provider for ids several providers serve, e.g. {@code reelay.routing.models."seedance-2.0"=hub}:
         * decides for a request that neither names its provider nor fits only one of them. None by default: such
         * a request is refused as ambiguous_model.
         */
        Map<String, String> models();
    }

    /** Requests a minute each provider's key may make, submits and polls together, shared by all instances. */
    interface RateBudget {

        /**
         * Per provider, e.g. {@code reelay.rate-budget.per-minute.tokenlab=1000}; a provider not listed is not
         * limited. None by default (application.properties sets 1000 for tokenlab and hub, TokenLab's published
         * budget of a key).
         */
        Map<String, Integer> perMinute();
    }

    /** What every provider client shares. */
    interface Upstream {

        /** {@code reelay.upstream.circuit-breaker.*}. */
        CircuitBreaker circuitBreaker();

        /** {@code reelay.upstream.http.*}. */
        Http http();

        /** The circuit breaker in front of each provider: stop hammering an upstream that does not answer. */
        interface CircuitBreaker {

            /** Calls looked at to decide whether the upstream is failing. */
            @WithDefault("20")
            int requestVolume();

            /**
             * Share of those calls saying the upstream is in trouble (5xx, connection failed, silence past the
             * deadline; never 4xx or 429: see GuardedProvider) that opens the circuit.
             */
            @WithDefault("0.5")
            double failureRatio();

            /** How long the circuit stays open before letting trial calls through. */
            @WithDefault("PT30S")
            Duration delay();

            /** Trial calls that must succeed to close it again. */
            @WithDefault("3")
            int successThreshold();
        }

        /** The HTTP client each provider uses. */
        interface Http {

            /**
             * Connections kept open to each upstream. Vert.x's default (5) queues calls behind a few slow or
             * hung ones until they time out: it must cover the submits and polls in flight at once.
             */
            @WithDefault("128")
            int maxConnections();
        }
    }

    /** Settings of the TokenLab unified video API client. */
    interface TokenLab {

        /**
         * Base URL of the API, without the {@code /v1} part. Poll URLs the API returns are only followed
         * when they stay on this URL's scheme, host and port.
         */
        @WithDefault("https://api.tokenlab.sh")
        String baseUrl();

        /**
         * API key, sent as {@code Authorization: Bearer <key>}. Unset (or blank): no Authorization header (the
         * simulator in dev). Supply it from the environment or a Secret, never application.properties.
         */
        Optional<String> apiKey();

        /** Longest wait for a submit answer; after it the outcome is unknown and must not be resent blindly. */
        @WithDefault("PT30S")
        Duration submitTimeout();

        /** Longest wait for a poll answer; a poll is free and is simply tried again later. */
        @WithDefault("PT10S")
        Duration pollTimeout();
    }

    /** Settings of the hub video gateway client ({@code POST /hub/v1/video}, {@code GET /hub/v1/tasks/{id}}). */
    interface Hub {

        /**
         * Base URL of the gateway, without the {@code /hub/v1} part, e.g. {@code https://gateway.example}.
         * It has no public default and must be configured to use the hub; while unset (or blank), every call
         * fails at once with {@code provider_not_configured} and nothing is sent.
         */
        Optional<String> baseUrl();

        /**
         * API key, sent as {@code Authorization: Bearer <key>}. Unset (or blank): no Authorization header (the
         * simulator in dev). Supply it from the environment or a Secret, never application.properties.
         */
        Optional<String> apiKey();

        /** Longest wait for a submit answer; after it the outcome is unknown and must not be resent blindly. */
        @WithDefault("PT30S")
        Duration submitTimeout();

        /** Longest wait for a poll answer; a poll is free and is simply tried again later. */
        @WithDefault("PT10S")
        Duration pollTimeout();
    }

    /** Limits Reelay enforces on every request before any paid call. */
    interface Validation {

        /** Accept plain http:// input URLs (https only by default). */
        @WithDefault("false")
        boolean allowHttpUrls();

        /** Longest prompt, in characters (a model's own, smaller limit still applies). */
        @WithDefault("5000")
        int maxPromptLength();

        /** Largest inline data: URL, in characters of the URL. */
        @WithDefault("10485760")
        int maxDataUrlLength();

        /** Most reference images for models that state no limit of their own. */
        @WithDefault("9")
        int maxReferenceImages();
    }

    /** The HTTP API under /v1: who may call it, and how it answers for requests owned by another instance. */
    interface Api {

        /** API keys. */
        Auth auth();

        /** Reading a request's state from the Kafka Streams stores. */
        Query query();

        /** The server-sent events stream of a request. */
        Events events();

        /** What one client may use: calls a minute and open event streams (each client has its own). */
        Limits limits();

        /** The list of requests, {@code GET /v1/requests}. */
        Listing list();

        /** The stream of every request's changes, {@code GET /v1/changes}. */
        Changes changes();

        /** What a client's key allows. */
        enum Access {
            read,
            write,
            admin
        }

        /** Who may call the API. */
        interface Auth {

            /**
             * Whether /v1/* needs an API key ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}).
             * On by default; off in the dev and demo profiles.
             */
            @WithDefault("true")
            boolean enabled();

            /**
             * The callers, by name: {@code reelay.api.auth.clients.<name>.key} (from a Secret, e.g.
             * {@code REELAY_API_AUTH_CLIENTS_ACME_KEY}) and {@code .access}. None by default: with authentication
             * on, every call is refused until a client is configured.
             */
            Map<String, Client> clients();
        }

        /** One caller of the API. */
        interface Client {

            /**
             * The client's secret key; no default, a named client must have one (the service does not start
             * without it). Compared in constant time; never logged.
             */
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

            /**
             * Hosts this client's requests may name in {@code callback_url}: exact names, or {@code *.example.com} for
             * any name under example.com. Unset: this client may not set callback_url (a request with one is refused).
             */
            Optional<java.util.List<String>> callbackHosts();
        }

        /** Each client's budgets, and bounds on what an answer quotes back. */
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

        /** Reading a request's state, here or on the instance that owns it. */
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

            /** Largest answer read from the instance a query is forwarded to, in bytes. */
            @WithDefault("1048576")
            int forwardMaxBytes();
        }

        /** The list of requests. */
        interface Listing {

            /**
             * Most store records one list call reads on one instance (the stores are keyed by request id, so a list
             * reads them all to find the newest); beyond it the answer is marked partial.
             */
            @WithDefault("200000")
            long maxScan();
        }

        /** The stream of every request's changes. */
        interface Changes {

            /**
             * Changes held for one subscriber that has not read them yet; beyond it they are dropped and the subscriber
             * is told to read the list again (a resync event), so a slow reader never holds back the others.
             */
            @WithDefault("1000")
            int buffer();

            /** Requests whose owner the stream remembers (learned from their first records), to show them to it. */
            @WithDefault("100000")
            int owners();
        }

        /** The server-sent events stream of a request. */
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

    /** How the values of Reelay's Avro topics are written: registry-less (the default) or with a schema registry. */
    interface Serialization {

        /**
         * Base URL of a Confluent-compatible schema registry API: {@code http://<host>:8080/apis/ccompat/v7} for
         * Apicurio Registry, {@code http://<host>:8081} for Confluent Schema Registry. When set, values are written in
         * the Confluent wire format (a zero byte, the schema id, the Avro datum) with schemas registered under
         * {@code <topic>-value}, and records in either format are read. Unset: Avro single-object encoding, no registry.
         */
        Optional<URI> registryUrl();

        /**
         * How long one registry call may take, retries included, before Reelay gives up: at start-up (the service does
         * not start), or when a record names a schema id it has not seen (the record is not skipped: the tracker stops,
         * to read it again once restarted).
         */
        @WithDefault("PT30S")
        Duration registryTimeout();

        /** {@code reelay.serialization.lookups.*}: how schema ids read from records are looked up (registry mode). */
        Lookups lookups();

        /**
         * Writer schemas by id, looked up in the background so that a stream thread never waits for the registry
         * (see {@code SchemaLookups}).
         */
        interface Lookups {

            /** Lookups calling the registry at the same time. */
            @WithDefault("2")
            int maxConcurrent();

            /** Ids being looked up (or waiting to be asked again) at a time; a record naming one more waits. */
            @WithDefault("256")
            int maxPending();

            /** Wait before asking again after the first failed attempt; doubled for each further one, with jitter. */
            @WithDefault("PT0.2S")
            Duration firstBackoff();

            /** Longest wait between attempts. */
            @WithDefault("PT30S")
            Duration maxBackoff();

            /** How long an id the registry says does not exist is refused without asking again. */
            @WithDefault("PT5M")
            Duration missingTtl();

            /** Ids remembered as missing (oldest forgotten first). */
            @WithDefault("10000")
            int maxMissing();

            /**
             * The largest schema id looked up: registries number schemas from 1 up, and random bytes after a zero
             * byte name ids in the billions, refused without a call.
             */
            @WithDefault("100000000")
            int maxId();
        }
    }

    /** The secret Reelay's instances share, and no one else holds. */
    interface Internal {

        /**
         * At least 32 characters, the same on every instance (a Secret: {@code REELAY_INTERNAL_KEY}). It signs the
         * tracker's records on video.tasks (a record it did not sign never moves or pays for a request), the owner of a
         * request posted over HTTP, and calls forwarded between instances. Never logged. No default: an instance
         * without it does not start (the dev, demo and test profiles set their own).
         */
        Optional<String> key();
    }

    /** Whether and how Reelay creates its topics at start-up. */
    interface Topics {

        /** Create missing topics at start-up. Turn off where topics are managed elsewhere (e.g. Strimzi KafkaTopic). */
        @WithDefault("true")
        boolean create();

        /** Partitions of created topics; they bound how many instances share the work. */
        @WithDefault("6")
        int partitions();

        /** Replication factor of created topics; unset: the broker's default.replication.factor. */
        Optional<Short> replicationFactor();
    }

    /**
     * The model catalog: the shipped file ({@code catalog/models.yaml}) overlaid with what the upstreams' discovery
     * endpoints say, shared by every instance through the catalog topic (docs/contract.md, "Model catalog").
     */
    interface Catalog {

        /** {@code reelay.catalog.sync.*}: reading the upstreams' discovery endpoints. */
        Sync sync();

        /** What happens to a new request for a model whose upstream retirement time has passed. */
        enum RetiredModels {
            /** Refused with {@code model_retired}, naming the replacement in {@code allowed} (the default). */
            REFUSE,
            /**
             * Sent to the replacement the upstream names (when the catalog has it and it is not retired itself), the
             * original id kept in the request's metadata under {@code reelay:substituted-for}.
             */
            SUBSTITUTE
        }

        /** {@code refuse} or {@code substitute}; requests admitted before the retirement continue either way. */
        @WithDefault("refuse")
        RetiredModels retiredModels();

        /**
         * Catalog sync: every instance reads the discovery endpoints at start-up and every {@link #interval()},
         * publishes what changed to the catalog topic, and validates against the shipped catalog overlaid with the
         * topic. Unreachable discovery leaves the last shared state (or the shipped catalog) in force.
         */
        interface Sync {

            /**
             * Whether this instance reads discovery. On by default: TokenLab's discovery needs no key, and a failed
             * read costs a log line. Turn it off where Reelay has no route to the upstreams' discovery (the topic is
             * still read, so instances that can reach it share what they see).
             */
            @WithDefault("true")
            boolean enabled();

            /** How often discovery is read again. Models change monthly; a retirement should not wait long. */
            @WithDefault("PT10M")
            Duration interval();

            /**
             * Longest start-up waits for the catalog topic and the first discovery round; past it the instance starts
             * on what it has (the shipped catalog at worst) and catches up in the background.
             */
            @WithDefault("PT5S")
            Duration startupWait();

            /** Longest wait for one discovery call. */
            @WithDefault("PT10S")
            Duration callTimeout();
        }
    }

    /**
     * The S3-compatible bucket that keeps a copy of every finished video and its last frame, so that a paid result
     * outlives the upstream's link (docs/storage.md). The keys, the limits and the fetch of the upstream's URL are
     * set here; when a copy is made and how often it is tried again are the lifecycle's ({@code reelay.mirror.*}).
     */
    interface Storage {

        /**
         * Whether finished videos are copied. On by default; a deployment without a bucket turns it off, and its
         * completion events then carry the upstream's URL alone.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The S3 API endpoint, e.g. {@code http://minio:9000} or {@code https://<account>.r2.cloudflarestorage.com}.
         * Unset: AWS S3 in {@link #region()}.
         */
        Optional<URI> endpoint();

        /** The bucket's region (S3-compatible stores mostly accept any; MinIO and s3proxy take us-east-1). */
        @WithDefault("us-east-1")
        String region();

        /** The bucket. */
        @WithDefault("reelay-videos")
        String bucket();

        /** The first part of every key: {@code <prefix>/<request id>/<n>.<ext>}; empty for none. */
        @WithDefault("videos")
        String prefix();

        /**
         * Path-style addressing ({@code <endpoint>/<bucket>/<key>}) instead of a bucket host name: what MinIO,
         * s3proxy and most self-hosted stores need.
         */
        @WithDefault("false")
        boolean pathStyle();

        /** Create the bucket at start-up when it does not exist (the dev, demo and test profiles do). */
        @WithDefault("false")
        boolean createBucket();

        /**
         * Access key id. Unset: the AWS SDK's default chain (environment, web identity / IRSA, instance profile).
         * From the environment or a Secret ({@code REELAY_STORAGE_ACCESS_KEY_ID}); never logged.
         */
        Optional<String> accessKeyId();

        /**
         * Secret access key, with {@link #accessKeyId()}; from a Secret ({@code REELAY_STORAGE_SECRET_ACCESS_KEY}),
         * never application.properties; never logged.
         */
        Optional<String> secretAccessKey();

        /** How long a presigned read URL works; at most 7 days (the S3 signature's own limit). */
        @WithDefault("P7D")
        Duration presignedUrlLifetime();

        /** Largest video copied, in bytes; a larger one fails with {@code too_large}. */
        @WithDefault("2147483648")
        long maxVideoBytes();

        /** Largest last-frame image copied, in bytes. */
        @WithDefault("52428800")
        long maxImageBytes();

        /** Media types a video may have, as its first bytes show (MP4, QuickTime, WebM, Matroska). */
        @WithDefault("video/mp4,video/quicktime,video/webm,video/x-matroska")
        List<String> videoContentTypes();

        /** Media types a last frame may have, as its first bytes show. */
        @WithDefault("image/jpeg,image/png,image/webp")
        List<String> imageContentTypes();

        /** Copies running at once on this instance; more wait their turn. */
        @WithDefault("8")
        int concurrency();

        /** Copies waiting for their turn at most; one more fails at once with {@code storage_unavailable}. */
        @WithDefault("10000")
        int maxQueued();

        /**
         * Size of one part when the source does not say its length (a multipart upload; each part is held in
         * memory while it is sent). At least 5 MiB, S3's smallest part.
         */
        @WithDefault("8388608")
        int partSize();

        /** Longest wait for one call to the object store. */
        @WithDefault("PT60S")
        Duration storeCallTimeout();

        /** {@code reelay.storage.fetch.*}: fetching the upstream's result URL. */
        Fetch fetch();

        /**
         * The GET of an upstream result URL, an address Reelay did not choose: https, public addresses only (the
         * name and every address it resolves to), redirects checked the same way, no credentials.
         */
        interface Fetch {

            /** Longest wait to connect. */
            @WithDefault("PT10S")
            Duration connectTimeout();

            /** Longest wait for the answer's headers, and longest silence while the body streams. */
            @WithDefault("PT30S")
            Duration readTimeout();

            /** Longest a whole copy may take, body included. */
            @WithDefault("PT10M")
            Duration totalTimeout();

            /** Redirects followed at most. */
            @WithDefault("5")
            int maxRedirects();

            /** Accept plain http:// sources. Off by default; the dev, demo and test profiles turn it on. */
            @WithDefault("false")
            boolean allowHttp();

            /**
             * Accept loopback sources (localhost, 127.0.0.0/8, ::1): the simulator. Off by default; the dev, demo and
             * test profiles turn it on. Every other private or special address stays refused.
             */
            @WithDefault("false")
            boolean allowLoopback();
        }
    }

    /**
     * Mirroring in the lifecycle: a completed task's videos (and last frames) are copied into object storage before
     * its {@code VideoCompleted} goes out, for at most a bound; whether it is on, and where the copies go, is the
     * storage's business ({@code reelay.storage.*}). See docs/lifecycle.md, "Mirroring".
     */
    interface Mirror {

        /**
         * Longest a completion waits for its copies, from the moment the upstream reported the task completed; the
         * upstream URLs' expiry ({@code reelay.tracker.url-lifetime}) cuts it shorter. Past it the completion goes out
         * with the copies made and a failure for each file without one.
         */
        @WithDefault("PT10M")
        Duration maxWait();

        /** Wait before the first retry of a copy that failed for a reason that may pass. */
        @WithDefault("PT2S")
        Duration initialBackoff();

        /** Longest wait between two rounds of retries (the back-off doubles up to it). */
        @WithDefault("PT1M")
        Duration maxBackoff();
    }

    /**
     * Webhook delivery of terminal events (video.completed, video.failed) to consumers, signed as the Standard
     * Webhooks specification says: to each request's {@code callback_url} and to the configured subscriptions. A
     * worker of its own (consumer group {@code reelay-webhooks}), apart from the tracker (docs/webhooks.md).
     */
    interface Webhooks {

        /** Whether this instance runs the delivery worker. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Secrets ({@code whsec_<base64>}) that sign deliveries to per-request callback URLs; each delivery is signed
         * with every one (space-separated signatures), so a secret is rotated by adding the new one, then removing
         * the old once receivers have it. From a Secret ({@code REELAY_WEBHOOKS_CALLBACK_SECRETS}). Unset: requests'
         * callback_url values are not called (nothing to sign with).
         */
        Optional<java.util.List<String>> callbackSecrets();

        /**
         * Hosts a callback_url may name on requests no API client owns (published straight to Kafka, or posted while
         * authentication is off): exact names or {@code *.example.com}. Unset: any public host.
         */
        Optional<java.util.List<String>> callbackHosts();

        /**
         * Allow http and https to localhost, 127.0.0.1 and [::1] as webhook endpoints (the demo and test profiles,
         * whose receivers run on the same machine). Never in production: every other private address stays refused.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /** Configured endpoints by name: {@code reelay.webhooks.subscriptions.<name>.url} and its keys. */
        Map<String, Subscription> subscriptions();

        /** How long deliveries of one event are retried before they are dead-lettered. */
        @WithDefault("PT24H")
        Duration retryWindow();

        /** Wait before the second attempt; doubled for each further one, with full jitter. */
        @WithDefault("PT5S")
        Duration firstBackoff();

        /** Longest wait between two attempts (a longer Retry-After still wins, within the window). */
        @WithDefault("PT1H")
        Duration maxBackoff();

        /** Longest wait for an endpoint's answer (connecting included); past it the attempt failed and is retried. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Deliveries in flight at once to one endpoint; each endpoint has its own, so one slow one delays no other. */
        @WithDefault("4")
        int concurrencyPerEndpoint();

        /**
         * Deliveries due and waiting for one endpoint (its attempts all in flight) past which the worker logs a
         * warning that it is slow or down. A warning only: the endpoint's backlog waits in its own lane, and reading
         * new events and every other endpoint go on.
         */
        @WithDefault("1000")
        int backlogWarning();

        /**
         * Deliveries this instance holds in memory at most (waiting for a retry, in an endpoint's backlog, or in
         * flight); at this many, reading new terminal events pauses until some end. The one reason reading pauses:
         * no single endpoint's backlog does. Each holds its state (about 0.5 KiB, more with many attempts) and its
         * body (up to {@link #maxPayloadBytes()}), shared with the local store, not copied; docs/webhooks.md sizes it.
         */
        @WithDefault("50000")
        int maxActive();

        /** Largest payload sent, in bytes; larger events are sent with their longest text fields cut. */
        @WithDefault("262144")
        int maxPayloadBytes();

        /** A configured endpoint. */
        interface Subscription {

            /** The URL deliveries are posted to; checked like a callback_url (https, public host). */
            String url();

            /** Secrets ({@code whsec_<base64>}), each signing every delivery; from a Secret. */
            java.util.List<String> secrets();

            /** Which terminal events it gets: {@code completed}, {@code failed}, or both (the default). */
            @WithDefault("completed,failed")
            java.util.List<String> events();

            /** Only requests owned by this API client (the {@code reelay:owner} of the event); unset: every request. */
            Optional<String> owner();
        }
    }

    /** Tenants as a whole: whose a request is when nothing says (docs/operations.md#tenants). */
    interface Tenancy {

        /**
         * The tenant of a request published to Kafka without a {@code tenant} (requests posted over the HTTP API
         * belong to their API client). A tenant name: 1 to 64 characters of a-z 0-9 . _ -, starting with a letter or
         * digit (the service does not start with another).
         */
        @WithDefault("default")
        String defaultTenant();

        /** {@code reelay.tenancy.defaults.*}: the settings of every tenant not named under {@code reelay.tenants}. */
        TenantDefaults defaults();
    }

    /** What a submit over its tenant's quota does. */
    enum OnLimit {
        /** It waits in the queue until the quota allows it. */
        WAIT,
        /** It ends with quota_exceeded, before anything is paid. */
        FAIL
    }

    /**
     * A tenant's weight and quotas: one named under {@code reelay.tenants.<name>}, or the defaults for a tenant not
     * named there ({@code reelay.tenancy.defaults}).
     */
    interface TenantDefaults {

        /**
         * Its share of a provider's submits when several tenants' submits of the same priority wait, against the
         * others' weights (1 or more): weight 3 against 1 is served three submits for one (docs/tenants.md).
         */
        @WithDefault("1")
        int weight();

        /**
         * Most of its paid tasks in flight (submitted, not ended) at once, across all instances (each holds its share
         * of the partitions' part); unset: unlimited. A submit over it waits in the queue.
         */
        Optional<Integer> maxInFlight();

        /** Most of its submits a minute, across all instances; unset: unlimited. A submit over it waits. */
        Optional<Integer> submitsPerMinute();

        /** {@code wait} (a submit over a quota waits in the queue) or {@code fail} (it ends with quota_exceeded). */
        @WithDefault("wait")
        OnLimit onLimit();

        /**
         * Most it may commit to spend in one UTC day, in USD (reserves, corrected by settles and releases); unset:
         * unlimited. A request whose estimate would take it over ends with budget_exceeded before anything is paid.
         */
        Optional<java.math.BigDecimal> spendPerDayUsd();

        /** The same for one UTC month; unset: unlimited. */
        Optional<java.math.BigDecimal> spendPerMonthUsd();
    }

    /** One named tenant: the same keys as the defaults, its own values (an unset quota is unlimited). */
    interface Tenant extends TenantDefaults {
    }
}
