package io.reelay.storage.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.reelay.storage.MirrorFailure;
import io.reelay.storage.MirrorFailure.Reason;

/**
 * The GET of an upstream's result URL: an address Reelay did not choose. Each hop is checked by {@link SourcePolicy}
 * (scheme, credentials, the host and every address it resolves to) before it is connected to; redirects are followed
 * by hand, each target checked the same way, at most {@link FetchLimits#maxRedirects()} of them. Nothing but the GET
 * is sent: no cookies, no credentials, no Authorization header (the client has no cookie handler or authenticator,
 * and the request sets no header but Accept). Blocking: called on the mirror's own worker threads.
 *
 * <p>Between the policy's lookup and the HTTP client's own, a name could in theory be re-pointed; the JVM caches a
 * successful lookup (30 s by default, {@code networkaddress.cache.ttl}), so the client connects to the address that
 * was checked.
 */
public final class SourceFetcher implements AutoCloseable {

    private static final String USER_AGENT = "Reelay-Mirror/1";

    private final HttpClient http;
    private final SourcePolicy policy;
    private final FetchLimits limits;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /** With the JVM's trust store and hostname verification, as in production. */
    public SourceFetcher(SourcePolicy policy, FetchLimits limits, Clock clock) {
        this(policy, limits, clock, builder -> {
        });
    }

    /**
     * For tests only (package-private): {@code testOnly} may give the client a trust store that holds a test's own
     * certificate, or a proxy. Redirects stay off and every hop is still checked by the policy; hostname
     * verification is the client's own and cannot be turned off here.
     */
    SourceFetcher(SourcePolicy policy, FetchLimits limits, Clock clock,
            java.util.function.Consumer<HttpClient.Builder> testOnly) {
        this.policy = policy;
        this.limits = limits;
        this.clock = clock;
        HttpClient.Builder builder = HttpClient.newBuilder();
        testOnly.accept(builder);
        this.http = builder
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limits.connectTimeout())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reelay-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens {@code source} for reading, following redirects, refusing a declared length above {@code maxBytes}.
     *
     * @param sourceExpiresAt when the upstream's link is expected to die (a 403 after it means expired), or null
     * @throws MirrorFailure when the source cannot be read (its reason says whether trying again may help)
     */
    public Source open(URI source, long maxBytes, Instant sourceExpiresAt) {
        long start = System.nanoTime();
        long deadline = start + limits.totalTimeout().toNanos();
        URI current = source;
        for (int hop = 0;; hop++) {
            policy.check(current).ifPresent(f -> {
                throw f;
            });
            HttpResponse<InputStream> response = send(current, deadline);
            int status = response.statusCode();
            if (status == 200) {
                return body(response, maxBytes, deadline);
            }
            discard(response);
            if (isRedirect(status)) {
                if (hop >= limits.maxRedirects()) {
                    throw new MirrorFailure(Reason.too_many_redirects,
                            "more than " + limits.maxRedirects() + " redirects");
                }
                URI from = current;
                current = response.headers().firstValue("location")
                        .flatMap(location -> SourcePolicy.redirectTarget(from, location))
                        .orElseThrow(() -> new MirrorFailure(Reason.forbidden_address,
                                "redirect " + status + " without a usable Location"));
                continue;
            }
            throw statusFailure(status, sourceExpiresAt);
        }
    }

    private HttpResponse<InputStream> send(URI uri, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new MirrorFailure(Reason.source_timeout, "the transfer did not finish within the total timeout");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .GET()
                    .timeout(min(limits.readTimeout(), Duration.ofNanos(remaining)))
                    .header("Accept", "video/*, image/*, */*;q=0.1")
                    .header("User-Agent", USER_AGENT)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new MirrorFailure(Reason.forbidden_address, "not a URL the HTTP client accepts");
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new MirrorFailure(Reason.source_timeout, "connecting to the source timed out");
        } catch (HttpTimeoutException e) {
            throw new MirrorFailure(Reason.source_timeout, "the source did not answer within the read timeout");
        } catch (IOException e) {
            throw new MirrorFailure(Reason.source_error, "the source could not be reached ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MirrorFailure(Reason.source_error, "interrupted while waiting for the source");
        } catch (IllegalArgumentException e) {
            throw new MirrorFailure(Reason.forbidden_address, "not a URL the HTTP client accepts");
        }
    }

    private Source body(HttpResponse<InputStream> response, long maxBytes, long deadline) {
        OptionalLong length = contentLength(response);
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            discard(response);
            throw new MirrorFailure(Reason.too_large,
                    "the source declares " + length.getAsLong() + " bytes; at most " + maxBytes + " are copied");
        }
        Optional<String> type = response.headers().firstValue("content-type")
                .map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty() && t.length() <= 200);
        return new Source(response.body(), length, type, maxBytes, deadline, limits.readTimeout().toNanos(), timer);
    }

    private static OptionalLong contentLength(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("content-length");
        if (value.isEmpty() || !value.get().trim().matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value.get().trim()));
    }

    private MirrorFailure statusFailure(int status, Instant sourceExpiresAt) {
        if (status == 404 || status == 410) {
            return new MirrorFailure(Reason.source_gone, "the source answered " + status);
        }
        // An expired signed link (S3, GCS, most CDNs) answers 403: gone once its expiry has passed or is unknown.
        if (status == 403 && (sourceExpiresAt == null || !clock.instant().isBefore(sourceExpiresAt))) {
            return new MirrorFailure(Reason.source_gone, "the source answered 403 (an expired link)");
        }
        return new MirrorFailure(Reason.source_error, "the source answered " + status);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException | RuntimeException e) {
            // an answer not read: nothing to keep from it
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
