package io.reelay.api.query;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.reelay.config.ReelayConfig;
import io.reelay.api.security.Caller;
import io.reelay.api.security.ForwardCredential;
import io.reelay.lifecycle.query.Instance;
import io.reelay.kafka.InternalKey;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
    private static final Logger LOG = Logger.getLogger(OwnerForwarder.class);

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

    /**
     * The owner's answer to {@code GET path}, read with {@code read}, asked once on {@code caller}'s behalf: not for
     * a caller another instance forwarded (ownership is moving: its next try finds the owner), nor to an instance
     * that is not a member of the group (rebalancing). Then, or when the owner does not answer, {@code unavailable}
     * of why; {@code owned} names what the owner holds ("request", "tenant's balance") in the reasons. {@code member}
     * may block: it runs on a worker thread.
     */
    public <T> Uni<T> ask(Instance owner, String path, Caller caller, Instance self, Predicate<Instance> member,
            String owned, Function<Answer, T> read, Function<String, T> unavailable) {
        if (caller.forwarded()) {
            return Uni.createFrom().item(unavailable.apply("the partition of this " + owned + " is moving to "
                    + owner.address()));
        }
        return Uni.createFrom().item(() -> member.test(owner))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(isMember -> {
                    if (!isMember) {
                        LOG.warnf("Not forwarding to %s: not an application server of this group", owner.address());
                        return Uni.createFrom().item(unavailable.apply("the owner of this " + owned
                                + " is not a known member of the group (rebalancing)"));
                    }
                    return get(owner, path, caller, self).map(read).onFailure().recoverWithItem(e -> {
                        LOG.debugf("Owner %s of a %s did not answer: %s", owner.address(), owned, e.getMessage());
                        return unavailable.apply("the owner of this " + owned + ", " + owner.address()
                                + ", did not answer");
                    });
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
