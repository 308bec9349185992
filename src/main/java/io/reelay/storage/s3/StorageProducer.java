package io.reelay.storage.s3;

import java.time.Clock;

import io.reelay.config.ReelayConfig;
import io.reelay.storage.DisabledMirror;
import io.reelay.storage.VideoMirror;
import io.reelay.storage.fetch.FetchLimits;
import io.reelay.storage.fetch.SourceFetcher;
import io.reelay.storage.fetch.SourcePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Wires the {@link VideoMirror}: the S3 one from {@link ReelayConfig#storage()}, or a no-op when it is disabled. */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @ApplicationScoped
    VideoMirror videoMirror(ReelayConfig config) {
        return create(config.storage(), Clock.systemUTC());
    }

    /** The mirror {@code storage} describes (tests build it the same way, against their own S3 server). */
    public static VideoMirror create(ReelayConfig.Storage storage, Clock clock) {
        if (!storage.enabled()) {
            return new DisabledMirror();
        }
        ReelayConfig.Storage.Fetch fetch = storage.fetch();
        SourceFetcher fetcher = new SourceFetcher(
                new SourcePolicy(fetch.allowHttp(), fetch.allowLoopback(), SourcePolicy.Resolver.SYSTEM),
                FetchLimits.of(fetch), clock);
        return new S3VideoMirror(storage, S3Clients.client(storage), S3Clients.presigner(storage), fetcher, clock);
    }

    void close(@Disposes VideoMirror mirror) {
        if (mirror instanceof S3VideoMirror s3) {
            s3.close();
        }
    }
}
