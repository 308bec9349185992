package io.reelay.kafka.registry;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.apache.avro.Schema;
import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig.Serialization.Lookups;

/**
 * Writer schemas by id for readers, without ever waiting for the registry. {@link #schemaNow(int)} answers a cached
 * schema at once; for any other id it starts a lookup in the background and throws
 * {@link SchemaNotYetAvailableException}, so a stream thread is never held by a slow or absent registry.
 * <ul>
 * <li>Lookups run on at most {@link Lookups#maxConcurrent()} daemon threads, each attempt bounded by the client's
 * timeout; at most {@link Lookups#maxPending()} ids are looked up at a time (more: "later", no lookup started).</li>
 * <li>A registry that does not answer (time-out, 5xx, 429, any answer that may change) is asked again with
 * exponential back-off and jitter, from {@link Lookups#firstBackoff()} to {@link Lookups#maxBackoff()}, until it
 * answers.</li>
 * <li>An id the registry says does not exist (404), or whose schema is not a readable Avro schema, is remembered as
 * missing for {@link Lookups#missingTtl()} (at most {@link Lookups#maxMissing()} ids, oldest dropped first): a
 * record naming it is refused at once ({@link SchemaNotYetAvailableException#isPermanent()}) without a call.</li>
 * <li>An id outside 1..{@link Lookups#maxId()} is refused without a call: registries number schemas from 1 up, and
 * random bytes after a zero byte name ids in the billions.</li>
 * </ul>
 * The bounds are {@code reelay.serialization.lookups.*}. Whoever parks a record for later asks {@link #isKnown(int)}, or registers {@link #onResolved(IntConsumer)}.
 *
 * <p>Written by hand: a time-bounded negative cache and per-key retry are a few lines over the JDK's scheduler, and
 * Caffeine (which would offer the cache) is not otherwise a dependency.
 */
public final class SchemaLookups implements AutoCloseable {

    /** Where an id stands. */
    public enum Status {
        /** The schema is cached: records naming the id are read. */
        KNOWN,
        /** A lookup is under way or waiting to ask the registry again. */
        PENDING,
        /** The registry said the id does not exist (or is not a readable Avro schema), within the TTL. */
        MISSING,
        /** Never asked, or missing longer than the TTL ago, or out of range. */
        UNKNOWN
    }

    private static final Logger LOG = Logger.getLogger(SchemaLookups.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SchemaRegistryClient client;
    private final Lookups settings;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<Integer, Lookup> pending = new ConcurrentHashMap<>();
    /** Missing ids with when they may be asked again (nanoTime), oldest first. Guarded by itself. */
    private final LinkedHashMap<Integer, Missing> missing = new LinkedHashMap<>();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

    SchemaLookups(SchemaRegistryClient client, Lookups settings) {
        if (settings.maxConcurrent() < 1 || settings.maxPending() < 1 || settings.maxMissing() < 1
                || settings.maxId() < 1) {
            throw new IllegalArgumentException("reelay.serialization.lookups.max-* must be positive");
        }
        if (settings.firstBackoff().isNegative() || settings.maxBackoff().compareTo(settings.firstBackoff()) < 0
                || settings.missingTtl().isNegative()) {
            throw new IllegalArgumentException("reelay.serialization.lookups durations must not be negative, and"
                    + " max-backoff not below first-backoff");
        }
        this.client = client;
        this.settings = settings;
        this.executor = new ScheduledThreadPoolExecutor(settings.maxConcurrent(), runnable -> {
            Thread thread = new Thread(runnable, "reelay-schema-lookup-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(30, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * The schema with this id, if cached; never blocks.
     *
     * @throws SchemaNotYetAvailableException if not cached: a lookup is started (or under way, or the id is known
     *     to be missing, then {@link SchemaNotYetAvailableException#isPermanent() permanent})
     */
    public Schema schemaNow(int id) {
        Schema known = client.cached(id);
        if (known != null) {
            return known;
        }
        if (id < 1 || id > settings.maxId()) {
            throw new SchemaNotYetAvailableException(id, true, "Schema id " + id + " is outside the ids a schema"
                    + " registry assigns (1 to " + settings.maxId() + ")");
        }
        Missing gone = missing(id);
        if (gone != null) {
            throw new SchemaNotYetAvailableException(id, true, "Schema id " + id + " is not in the schema registry: "
                    + gone.why());
        }
        Lookup lookup = pending.get(id);
        if (lookup == null) {
            if (pending.size() >= settings.maxPending()) {
                throw new SchemaNotYetAvailableException(id, false, "Schema id " + id + " is not known yet: "
                        + settings.maxPending() + " other ids are being looked up, it will be when one ends");
            }
            lookup = start(id);
        }
        String last = lookup.lastFailure;
        throw new SchemaNotYetAvailableException(id, false, "Schema id " + id + " is being looked up in the schema"
                + " registry" + (last == null ? "" : " (attempt " + lookup.attempts.get() + " failed: " + last + ")"));
    }

    /** True if records naming this id are read now. */
    public boolean isKnown(int id) {
        return client.cached(id) != null;
    }

    /** Where the id stands; never blocks, starts nothing. */
    public Status status(int id) {
        if (client.cached(id) != null) {
            return Status.KNOWN;
        }
        if (pending.containsKey(id)) {
            return Status.PENDING;
        }
        return missing(id) != null ? Status.MISSING : Status.UNKNOWN;
    }

    /**
     * Calls the listener, on a lookup thread, with each id whose lookup ends: known (records naming it are read) or
     * missing (they are refused). It must be quick and must not throw.
     */
    public void onResolved(IntConsumer listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private Lookup start(int id) {
        Lookup created = new Lookup();
        Lookup existing = pending.putIfAbsent(id, created);
        if (existing != null) {
            return existing;
        }
        executor.execute(() -> attempt(id, created));
        return created;
    }

    private void attempt(int id, Lookup lookup) {
        SchemaRegistryClient.Answer answer = client.fetch(id);
        int attempt = lookup.attempts.incrementAndGet();
        if (answer instanceof SchemaRegistryClient.Answer.Failed failed) {
            lookup.lastFailure = failed.why();
            long delay = backoff(attempt);
            if (attempt == 1) {
                LOG.warnf("Schema id %d: the schema registry at %s did not answer (%s); asking again in the"
                        + " background, records naming it wait", id, client.baseUrl(), failed.why());
            }
            try {
                executor.schedule(() -> attempt(id, lookup), delay, TimeUnit.NANOSECONDS);
            } catch (RuntimeException closed) {
                pending.remove(id, lookup);
            }
            return;
        }
        if (answer instanceof SchemaRegistryClient.Answer.Missing gone) {
            remember(id, gone.why());
            LOG.infof("Schema id %d is not in the schema registry (%s): records naming it are refused for %s", id,
                    gone.why(), settings.missingTtl());
        } else if (attempt > 1) {
            LOG.infof("Schema id %d found in the schema registry after %d attempts", id, attempt);
        }
        pending.remove(id, lookup);
        for (IntConsumer listener : listeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.warnf("A schema lookup listener failed for id %d: %s", id, e.toString());
            }
        }
    }

    /** Exponential back-off with full jitter in its upper half, capped. */
    private long backoff(int attempt) {
        double first = Math.max(1, settings.firstBackoff().toNanos());
        long exp = (long) Math.min(settings.maxBackoff().toNanos(), first * Math.pow(2, Math.min(attempt - 1, 62)));
        return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    }

    private Missing missing(int id) {
        synchronized (missing) {
            Missing gone = missing.get(id);
            if (gone != null && System.nanoTime() - gone.until() >= 0) {
                missing.remove(id);
                return null;
            }
            return gone;
        }
    }

    private void remember(int id, String why) {
        synchronized (missing) {
            missing.remove(id);
            missing.put(id, new Missing(System.nanoTime() + settings.missingTtl().toNanos(), why));
            Iterator<Integer> oldest = missing.keySet().iterator();
            while (missing.size() > settings.maxMissing() && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    private static final class Lookup {
        final AtomicInteger attempts = new AtomicInteger();
        volatile String lastFailure;
    }

    private record Missing(long until, String why) {
    }
}
