package io.reelay.api.query;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.state.HostInfo;

import io.reelay.api.config.ApiConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks the instance that owns a request's partition, over the same HTTP API, and hands its answer back
 * as is. The forwarded call is marked, so an instance that is asked on another's behalf answers from its
 * own stores or says it cannot (a 503 while ownership moves), never forwarding again.
 */
@ApplicationScoped
public class OwnerForwarder {

    /** Marks a call made by another instance on its caller's behalf; its value names that instance. */
    public static final String FORWARDED_HEADER = "X-Reelay-Forwarded-By";

    private final WebClient client;
    private final Duration timeout;

    OwnerForwarder(Vertx vertx, ApiConfig config) {
        this.timeout = config.query().forwardTimeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setIdleTimeout(60)
                .setMaxPoolSize(32)
                .setFollowRedirects(false));
    }

    /** The owner's answer to {@code GET path}, the caller's credentials passed on. */
    public Uni<Answer> get(HostInfo owner, String path, Map<String, String> headers, HostInfo self) {
        HttpRequest<io.vertx.mutiny.core.buffer.Buffer> request = client
                .request(HttpMethod.GET, owner.port(), owner.host(), path)
                .timeout(timeout.toMillis())
                .putHeader(FORWARDED_HEADER, self.host() + ":" + self.port());
        headers.forEach(request::putHeader);
        return request.send().map(response -> new Answer(response.statusCode(), response.getHeader("Content-Type"),
                response.bodyAsBuffer() == null ? new byte[0] : response.bodyAsBuffer().getBytes(),
                response.getHeader("Retry-After")));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The owner's HTTP answer. */
    public record Answer(int status, String contentType, byte[] body, String retryAfter) {
    }
}
