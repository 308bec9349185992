package io.reelay.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.reelay.config.ReelayConfig.Api.Access;
import io.reelay.kafka.InternalKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** The credential one instance presents for its caller when it forwards a query to another. */
class ForwardCredentialTest {

    private static final InternalKey KEY = InternalKey.of("forward-credential-test-key-0123456789");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String PATH = "/v1/requests/r-1";
    private final ForwardCredential credentials = new ForwardCredential(KEY, Duration.ofSeconds(60));

    @Test
    void theReceivingInstanceLearnsTheCallerAndThatTheCallWasForwarded() {
        Map<String, String> headers = credentials.headers(new Caller("acme", Access.write, false), "GET", PATH, NOW);

        Optional<Caller> caller = credentials.verify(headers::get, "GET", PATH, NOW.plusSeconds(2));

        assertThat(caller).contains(new Caller("acme", Access.write, true));
        assertThat(ForwardCredential.claimed(headers::get)).isTrue();
    }

    @Test
    void theCallersKeyIsNotPartOfIt() {
        Map<String, String> headers = credentials.headers(new Caller("acme", Access.admin, false), "GET", PATH, NOW);
        assertThat(headers).containsOnlyKeys(ForwardCredential.CLIENT_HEADER, ForwardCredential.ACCESS_HEADER,
                ForwardCredential.AT_HEADER, ForwardCredential.SIGNATURE_HEADER);
        assertThat(headers.keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization") || h.equalsIgnoreCase("X-API-Key"));
    }

    @Test
    void aStaleOrFutureCredentialIsRefused() {
        Map<String, String> headers = credentials.headers(new Caller("acme", Access.read, false), "GET", PATH, NOW);
        assertThat(credentials.verify(headers::get, "GET", PATH, NOW.plusSeconds(60))).isPresent();
        assertThat(credentials.verify(headers::get, "GET", PATH, NOW.plusSeconds(61))).isEmpty();
        assertThat(credentials.verify(headers::get, "GET", PATH, NOW.minusSeconds(61))).isEmpty();
    }

    @Test
    void itIsGoodForItsOwnMethodAndPathOnly() {
        Map<String, String> headers = credentials.headers(new Caller("acme", Access.write, false), "GET", PATH, NOW);
        assertThat(credentials.verify(headers::get, "POST", PATH + "/cancel", NOW)).isEmpty();
        assertThat(credentials.verify(headers::get, "GET", "/v1/requests/r-2", NOW)).isEmpty();
    }

    @Test
    void changingAnyPartBreaksIt() {
        Map<String, String> signed = credentials.headers(new Caller("acme", Access.read, false), "GET", PATH, NOW);
        for (Map.Entry<String, String> tampered : Map.of(ForwardCredential.CLIENT_HEADER, "globex",
                ForwardCredential.ACCESS_HEADER, "admin", ForwardCredential.AT_HEADER,
                Long.toString(NOW.toEpochMilli() + 1), ForwardCredential.SIGNATURE_HEADER,
                "A" + signed.get(ForwardCredential.SIGNATURE_HEADER).substring(1)).entrySet()) {
            Map<String, String> headers = new HashMap<>(signed);
            headers.put(tampered.getKey(), tampered.getValue());
            assertThat(credentials.verify(headers::get, "GET", PATH, NOW)).as(tampered.getKey()).isEmpty();
        }
        for (String missing : signed.keySet()) {
            Map<String, String> headers = new HashMap<>(signed);
            headers.remove(missing);
            assertThat(credentials.verify(headers::get, "GET", PATH, NOW)).as("without " + missing).isEmpty();
        }
    }

    @Test
    void anotherKeysSignatureIsRefused() {
        ForwardCredential other = new ForwardCredential(InternalKey.of("another-deployments-key-0123456789abc"),
                Duration.ofSeconds(60));
        Map<String, String> headers = other.headers(new Caller("acme", Access.admin, false), "GET", PATH, NOW);
        assertThat(credentials.verify(headers::get, "GET", PATH, NOW)).isEmpty();
    }

    /** Whatever a caller puts in the four headers: no exception, and never accepted without the shared key. */
    @Property(tries = 3000)
    void hostileHeadersAreRefusedWithoutAnException(@ForAll @StringLength(max = 300) String client,
            @ForAll @StringLength(max = 30) String access, @ForAll @StringLength(max = 30) String at,
            @ForAll @StringLength(max = 120) String signature, @ForAll @StringLength(max = 300) String path) {
        Map<String, String> headers = Map.of(ForwardCredential.CLIENT_HEADER, client, ForwardCredential.ACCESS_HEADER,
                access, ForwardCredential.AT_HEADER, at, ForwardCredential.SIGNATURE_HEADER, signature);
        assertThat(credentials.verify(headers::get, "GET", path, NOW)).isEmpty();
    }

    /** A signed credential survives any client name and path up to the bounds. */
    @Property(tries = 1000)
    void anySignedCallerComesThroughIntact(@ForAll @StringLength(min = 1, max = 200) String client,
            @ForAll Access access, @ForAll @StringLength(max = 300) String path) {
        Map<String, String> headers = credentials.headers(new Caller(client, access, false), "GET", path, NOW);
        assertThat(credentials.verify(headers::get, "GET", path, NOW)).contains(new Caller(client, access, true));
    }
}
