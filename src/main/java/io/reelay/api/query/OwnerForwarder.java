package io.reelay.api.query;

import java.time.Clock;
import java.time.Duration;

import io.reelay.config.ReelayConfig;
import io.reelay.api.security.Caller;
import io.reelay.api.security.ForwardCredential;
import io.reelay.lifecycle.query.Instance;
import io.reelay.kafka.InternalKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks the instance that owns a request's partition, over the same HTTP API, and hands its answer back. The call
 * carries a {@link ForwardCredential} for the caller (name, access level, time, signed with the instances' shared
 * key), never the caller's key; the instance asked answers from its own stores or says it cannot (a 503 while
 * ownership moves), never forwarding again. Callers check first that the owner is a member of the group.
 */
@ApplicationScoped
public class OwnerForwarder {

    /** Marks a call made by another instance on its caller's behalf; its value names that instance. */
    public static final String FORWARDED_HEADER = ForwardCredential.BY_HEADER;

    private final WebClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final ForwardCredential credentials;
    private final Clock clock = Clock.systemUTC();

    OwnerForwarder(Vertx vertx, ReelayConfig reelay, InternalKey key) {
        ReelayConfig.Api config = reelay.api();
        this.timeout = config.query().forwardTimeout();
        this.maxBytes = config.query().forwardMaxBytes();
        this.credentials = new ForwardCredential(key, config.query().forwardMaxAge());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setIdleTimeout(60)
                .setMaxPoolSize(32)
                .setFollowRedirects(false));
    }

    /** The owner's answer to {@code GET path} (an encoded path), asked on {@code caller}'s behalf. */
    public Uni<Answer> get(Instance owner, String path, Caller caller, Instance self) {
        return get(owner, path, null, caller, self);
    }

    /** The same, with an encoded query string (null: none); the credential signs the path, as it is checked. */
    public Uni<Answer> get(Instance owner, String path, String query, Caller caller, Instance self) {
        HttpRequest<Buffer> request = client
                .request(HttpMethod.GET, owner.port(), owner.host(), query == null ? path : path + "?" + query)
                .timeout(timeout.toMillis())
                .putHeader(FORWARDED_HEADER, self.address());
        credentials.headers(caller, "GET", path, clock.instant()).forEach(request::putHeader);
        return request.send().map(response -> {
            Buffer body = response.bodyAsBuffer();
            if (body != null && body.length() > maxBytes) {
                throw new IllegalStateException("the owner's answer is larger than " + maxBytes + " bytes");
            }
            return new Answer(response.statusCode(), response.getHeader("Content-Type"),
                    body == null ? new byte[0] : body.getBytes(), response.getHeader("Retry-After"));
        });
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The owner's HTTP answer. */
    public record Answer(int status, String contentType, byte[] body, String retryAfter) {
    }
}
