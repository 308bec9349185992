package io.reelay.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.reelay.config.ReelayConfig;
import io.reelay.kafka.InternalKey;

/**
 * The credential one instance presents when it forwards a caller's query to the instance that owns the request:
 * the caller's client name and access level and the time, for this method and path, signed with the instances'
 * shared key (purpose {@value #PURPOSE}). The caller's own key never leaves the instance it was presented to. The
 * receiving instance accepts it only within {@code maxAge} of its own clock, for the same method and path.
 */
public final class ForwardCredential {

    static final String PURPOSE = "forward";
    /** Marks a call made by another instance on its caller's behalf; its value names that instance. */
    public static final String BY_HEADER = "X-Reelay-Forwarded-By";
    public static final String CLIENT_HEADER = "X-Reelay-Forwarded-Client";
    public static final String ACCESS_HEADER = "X-Reelay-Forwarded-Access";
    public static final String AT_HEADER = "X-Reelay-Forwarded-At";
    public static final String SIGNATURE_HEADER = "X-Reelay-Forwarded-Signature";
    /** Longest client name carried (configured names are short; anything longer is not one of them). */
    static final int MAX_NAME = 200;

    private final InternalKey key;
    private final Duration maxAge;

    public ForwardCredential(InternalKey key, Duration maxAge) {
        this.key = key;
        this.maxAge = maxAge;
    }

    /** The headers that carry {@code caller} on a forwarded {@code method path}. */
    public Map<String, String> headers(Caller caller, String method, String path, Instant now) {
        String at = Long.toString(now.toEpochMilli());
        String access = caller.access().name();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CLIENT_HEADER, caller.name());
        headers.put(ACCESS_HEADER, access);
        headers.put(AT_HEADER, at);
        headers.put(SIGNATURE_HEADER, key.sign(PURPOSE, caller.name(), access, at, method, path));
        return headers;
    }

    /** Whether a call claims to be forwarded (it then stands or falls by its credential, never by a key). */
    public static boolean claimed(Function<String, String> header) {
        return header.apply(SIGNATURE_HEADER) != null || header.apply(CLIENT_HEADER) != null;
    }

    /**
     * The caller a forwarded call was made for, if its credential is complete, fresh and signed by an instance;
     * empty for anything else (missing or malformed headers, a stale or future time, another method or path).
     */
    public Optional<Caller> verify(Function<String, String> header, String method, String path, Instant now) {
        String client = header.apply(CLIENT_HEADER);
        String accessName = header.apply(ACCESS_HEADER);
        String at = header.apply(AT_HEADER);
        String signature = header.apply(SIGNATURE_HEADER);
        if (client == null || client.isEmpty() || client.length() > MAX_NAME || accessName == null || at == null
                || signature == null || signature.length() > 100 || at.length() > 19) {
            return Optional.empty();
        }
        ReelayConfig.Api.Access access = Caller.access(accessName);
        long millis;
        try {
            millis = Long.parseLong(at);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long age = now.toEpochMilli() - millis;
        if (access == null || Math.abs(age) > maxAge.toMillis()) {
            return Optional.empty();
        }
        if (!key.verify(signature, PURPOSE, client, accessName, at, method, path)) {
            return Optional.empty();
        }
        return Optional.of(new Caller(client, access, true));
    }
}
