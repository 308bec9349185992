package io.reelay.observability.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reelay.catalog.ModelCatalog;
import io.reelay.catalog.ModelSpec;

/**
 * What the tracker counts, and the one place that knows the names and tags of its meters (Prometheus
 * shows {@code reelay.requests.received} as {@code reelay_requests_received_total}, timers in seconds).
 *
 * <p>Tags are bounded: {@code provider} and {@code model} are the live catalog's at the time of the count (the shipped
 * catalog overlaid with discovery, so a model only discovery knows is tagged by its id; anything else, e.g. the model
 * id of a request refused as unknown, is counted as {@code unknown}); {@code reason} is a
 * {@code FailureReason} or a validation code, both Reelay's own closed lists; {@code tenant} (on the request, outcome and
 * cost meters) is a tenant the configuration names, else {@code other} ({@link TenantTags}).
 *
 * <p>Most meters are recorded on the stream thread while a record or a tick is processed. Under
 * exactly-once, a crash (or a fenced producer) after a record was processed but before its
 * transaction committed makes Kafka Streams process that record again: its counts are then recorded
 * twice, although its outputs are committed once. Counters may over-count on such a replay, never
 * under-count; the in-flight gauge is recomputed from the store and does not drift.
 */
public final class TrackerMetrics {

    /** Requests read from video.requests that were not seen before. Tags: provider, model, tenant. */
    public static final String RECEIVED = "reelay.requests.received";
    /** Requests whose id was already known, dropped without a second submit. Tags: provider, model, tenant. */
    public static final String REPEATED = "reelay.requests.repeated";
    /**
     * Records sent to the dead-letter topic. Tags: topic (the one it was read from), code (DeadLetters.Code, a closed
     * list).
     */
    public static final String DEAD_LETTERED = "reelay.requests.dead.lettered";
    /** Requests and cancellations a producer put on a partition that does not own their key, moved. Tags: topic. */
    public static final String REROUTED = "reelay.records.rerouted";
    /** Failures inside the tracker (bugs) that it survived: the record was dead-lettered or the request failed. */
    public static final String INTERNAL_ERRORS = "reelay.tracker.internal.errors";
    /**
     * Requests refused by validation (each also ends as failed, reason invalid_request). Tags: provider, model,
     * tenant, reason (the first validation code).
     */
    public static final String REJECTED = "reelay.requests.rejected";
    /** Requests whose upstream task was created. Tags: provider, model, tenant. */
    public static final String SUBMITTED = "reelay.requests.submitted";
    /** Requests that ended with a video.completed event. Tags: provider, model, tenant. */
    public static final String COMPLETED = "reelay.requests.completed";
    /** Requests that ended with a video.failed event. Tags: provider, model, tenant, reason (FailureReason). */
    public static final String FAILED = "reelay.requests.failed";
    /** Polls each upstream task took, recorded at its terminal event. Tags: provider, model, tenant, outcome. */
    public static final String POLLS_PER_TASK = "reelay.task.polls";
    /** From the upstream's own completion time to Reelay's terminal event. Tags: provider, model. */
    public static final String DETECTION_LAG = "reelay.task.detection.lag";
    /**
     * From the request's requested_at (else its record time) to its terminal event. Tags: provider, model, tenant,
     * outcome.
     */
    public static final String REQUEST_DURATION = "reelay.request.duration";
    /** Requests in the in-flight store of the partitions this instance owns. Tags: provider, model. */
    public static final String IN_FLIGHT = "reelay.tasks.in.flight";
    /** Calls held back because the provider's rate budget was spent. Tags: provider, call. */
    public static final String RATE_BUDGET_WAITS = "reelay.upstream.rate.budget.waits";
    /** From a mark's write to this process reading it back committed: what each of the two marks costs a submit. */
    public static final String MARK_READ_BACK = "reelay.tracker.mark.read.back";
    /** How long a granted submit waited for its moment so calls leave no faster than the upstream counts them. */
    public static final String CALL_PACED = "reelay.upstream.call.paced";
    /** Upstream statuses Reelay did not recognise; the task stays in flight. Tags: provider, status. */
    public static final String UNRECOGNISED_STATUS = "reelay.upstream.status.unrecognised";

    /**
     * USD estimated for the requests admitted (their cost estimates, from the catalog's pricing; requests of a model
     * without a price add nothing). Tags: provider, model, tenant.
     */
    public static final String COST_ESTIMATED = "reelay.cost.estimated.usd";
    /** USD the upstreams said they charged, for the requests whose task answer said. Tags: provider, model, tenant. */
    public static final String COST_CHARGED = "reelay.cost.charged.usd";

    /** The tag of the request and cost meters that names the request's tenant, bounded by {@link TenantTags}. */
    public static final String TENANT = "tenant";
    /** The tag value for a provider or model the catalog does not know. */
    public static final String UNKNOWN = "unknown";
    public static final String OUTCOME_COMPLETED = "completed";
    public static final String OUTCOME_FAILED = "failed";

    private static final int MAX_TAG_LENGTH = 40;
    private static final double[] POLL_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 200};

    private final MeterRegistry registry;
    private final Supplier<ModelCatalog> catalog;
    /** The providers of the last catalog snapshot seen, recomputed only when the snapshot changes. */
    private volatile Providers providers;
    private final InFlightTasks inFlight;
    private final TenantTags tenants;

    /**
     * The meters recorded so far, by name and tags: a builder's register() builds an id and looks it up through the
     * registry's filters, which cost more than the count, and a request records about ten. As bounded as the tags.
     */
    private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

    private record Providers(ModelCatalog of, Set<String> names) {
    }

    private record MeterKey(String name, Tags tags) {
    }

    /** Tags models with the shipped catalog. */
    public TrackerMetrics(MeterRegistry registry) {
        this(registry, ModelCatalog.load());
    }

    /** Tags models with one fixed catalog. */
    public TrackerMetrics(MeterRegistry registry, ModelCatalog catalog) {
        this(registry, () -> catalog);
    }

    /** Tags models with the catalog {@code catalog} gives at the time of each count (the live one). */
    public TrackerMetrics(MeterRegistry registry, Supplier<ModelCatalog> catalog) {
        this(registry, catalog, TenantTags.DEFAULTS);
    }

    /**
     * Tags models with the catalog {@code catalog} gives at the time of each count (the live one), and tenants with
     * {@code tenants}.
     */
    public TrackerMetrics(MeterRegistry registry, Supplier<ModelCatalog> catalog, TenantTags tenants) {
        this.registry = registry;
        this.catalog = catalog;
        this.tenants = tenants;
        this.inFlight = new InFlightTasks(registry, this::tags);
    }

    /** The in-flight counts of every partition this instance owns. */
    public InFlightTasks inFlight() {
        return inFlight;
    }

    public void received(String provider, String model, String tenant) {
        counter(RECEIVED, "Requests read from video.requests that were not seen before",
                tags(provider, model, tenant));
    }

    public void repeated(String provider, String model, String tenant) {
        counter(REPEATED, "Requests whose id was already known: dropped, never submitted again",
                tags(provider, model, tenant));
    }

    public void deadLettered(String topic, String code) {
        counter(DEAD_LETTERED, "Records sent to the dead-letter topic, by the topic they were read from and why",
                Tags.of("topic", bounded(topic), "code", bounded(code)));
    }

    public void rerouted(String topic) {
        counter(REROUTED, "Requests and cancellations moved to the partition that owns their key",
                Tags.of("topic", bounded(topic)));
    }

    public void internalError(String where) {
        counter(INTERNAL_ERRORS, "Failures inside the tracker that it survived", Tags.of("where", bounded(where)));
    }

    private static String bounded(String tag) {
        return tag == null ? UNKNOWN : tag.length() > MAX_TAG_LENGTH ? tag.substring(0, MAX_TAG_LENGTH) : tag;
    }

    public void rejected(String provider, String model, String tenant, String validationCode) {
        counter(REJECTED, "Requests refused by validation before any upstream call",
                tags(provider, model, tenant).and("reason", tagValue(validationCode)));
    }

    public void submitted(String provider, String model, String tenant) {
        counter(SUBMITTED, "Requests whose upstream task was created", tags(provider, model, tenant));
    }

    /**
     * A request ended with a completion.
     *
     * @param requestedAt epoch millis of the request, or null when unknown
     * @param polls polls of its upstream task, or null when no task existed
     */
    public void completed(String provider, String model, String tenant, Long requestedAt, Integer polls, long now) {
        Tags tags = tags(provider, model, tenant);
        counter(COMPLETED, "Requests that ended with a video.completed event", tags);
        ended(tags.and("outcome", OUTCOME_COMPLETED), requestedAt, polls, now);
    }

    /**
     * A request ended with a failure.
     *
     * @param reason the FailureReason's name
     * @param requestedAt epoch millis of the request, or null when unknown
     * @param polls polls of its upstream task, or null when no task existed
     */
    public void failed(String provider, String model, String tenant, String reason, Long requestedAt, Integer polls,
            long now) {
        Tags tags = tags(provider, model, tenant);
        counter(FAILED, "Requests that ended with a video.failed event", tags.and("reason", tagValue(reason)));
        ended(tags.and("outcome", OUTCOME_FAILED), requestedAt, polls, now);
    }

    /** A request was admitted with this cost estimate. */
    public void estimated(String provider, String model, String tenant, BigDecimal usd) {
        counter(COST_ESTIMATED, "USD estimated for admitted requests, from the catalog's pricing",
                tags(provider, model, tenant), usd.doubleValue());
    }

    /** The upstream said it charged this much for a request's task. */
    public void charged(String provider, String model, String tenant, BigDecimal usd) {
        counter(COST_CHARGED, "USD the upstream said it charged, for tasks whose answer said",
                tags(provider, model, tenant), usd.doubleValue());
    }

    /** A poll saw the upstream task finished, {@code lag} after the upstream says it finished. */
    public void detectionLag(String provider, String model, Duration lag) {
        histogram(DETECTION_LAG, "From the upstream's own completion time to Reelay's terminal event",
                tags(provider, model), Duration.ofMillis(50), Duration.ofHours(1)).record(nonNegative(lag));
    }

    /** This process read back its own {@code mark} ({@code submitting} or {@code sending}) {@code lag} after writing it. */
    public void markReadBack(String mark, Duration lag) {
        histogram(MARK_READ_BACK, "From a mark's write to its read-back, committed, by the process that wrote it",
                Tags.of("mark", mark), Duration.ofMillis(5), Duration.ofMinutes(1)).record(nonNegative(lag));
    }

    /** A granted call to {@code provider} waited {@code waitMs} for its paced moment (0: it left at once). */
    public void callPaced(String provider, long waitMs) {
        histogram(CALL_PACED, "How long a granted call waited so calls leave no faster than the provider's rate",
                Tags.of("provider", providerTag(provider), "call", "submit"), Duration.ofMillis(1),
                Duration.ofMinutes(1)).record(Duration.ofMillis(Math.max(0, waitMs)));
    }

    /** A timer publishing percentile buckets between {@code min} and {@code max}, so PromQL can take quantiles. */
    private Timer histogram(String name, String description, Tags tags, Duration min, Duration max) {
        return (Timer) meters.computeIfAbsent(new MeterKey(name, tags), k -> Timer.builder(name)
                .description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(min).maximumExpectedValue(max).register(registry));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    public void rateBudgetWait(String provider, String call) {
        rateBudgetWaits(provider, call, 1);
    }

    /** {@code calls} held back at once: a round that stops at the provider's spent budget holds back all it left. */
    public void rateBudgetWaits(String provider, String call, int calls) {
        if (calls > 0) {
            counter(RATE_BUDGET_WAITS, "Calls held back for a later round because the provider's rate budget was spent",
                    Tags.of("provider", providerTag(provider), "call", call), calls);
        }
    }

    public void unrecognisedStatus(String provider, String rawStatus) {
        counter(UNRECOGNISED_STATUS, "Polls that saw an upstream status Reelay does not know; the task stays in flight",
                Tags.of("provider", providerTag(provider), "status", tagValue(rawStatus)));
    }

    /** True when the catalog has this provider's model: anything else came from outside. */
    public boolean inCatalog(String provider, String model) {
        return provider != null && model != null && catalog.get().find(provider, model).isPresent();
    }

    /** provider and model tags: the catalog's values, or {@value #UNKNOWN}. */
    Tags tags(String provider, String model) {
        return Tags.of("provider", providerTag(provider), "model", inCatalog(provider, model) ? model : UNKNOWN);
    }

    /** provider, model and tenant tags: the tenant as {@link TenantTags} bounds it. */
    Tags tags(String provider, String model, String tenant) {
        return tags(provider, model).and(TENANT, tenants.tag(tenant));
    }

    private String providerTag(String provider) {
        return provider != null && providerNames().contains(provider) ? provider : UNKNOWN;
    }

    private Set<String> providerNames() {
        ModelCatalog now = catalog.get();
        Providers known = providers;
        if (known == null || known.of() != now) {
            known = new Providers(now, now.all().stream().map(ModelSpec::provider)
                    .collect(Collectors.toUnmodifiableSet()));
            providers = known;
        }
        return known.names();
    }

    private void ended(Tags tags, Long requestedAt, Integer polls, long now) {
        if (requestedAt != null) {
            histogram(REQUEST_DURATION, "From the request's requested_at (else its record time) to its terminal event",
                    tags, Duration.ofMillis(100), Duration.ofHours(2))
                    .record(Duration.ofMillis(Math.max(0, now - requestedAt)));
        }
        if (polls != null) {
            ((DistributionSummary) meters.computeIfAbsent(new MeterKey(POLLS_PER_TASK, tags),
                    k -> DistributionSummary.builder(POLLS_PER_TASK)
                            .description("Polls each upstream task took, recorded at its terminal event")
                            .tags(tags)
                            .serviceLevelObjectives(POLL_BUCKETS)
                            .register(registry)))
                    .record(polls);
        }
    }

    private void counter(String name, String description, Tags tags) {
        counter(name, description, tags, 1);
    }

    private void counter(String name, String description, Tags tags, double amount) {
        ((Counter) meters.computeIfAbsent(new MeterKey(name, tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry))).increment(amount);
    }

    // Values that come from outside (an upstream status, a code): bound what they can add to the cardinality.
    private static String tagValue(String raw) {
        if (raw == null || raw.isBlank()) {
            return "none";
        }
        String clean = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.length() > MAX_TAG_LENGTH ? clean.substring(0, MAX_TAG_LENGTH) : clean;
    }
}
