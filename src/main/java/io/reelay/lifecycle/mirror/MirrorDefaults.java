package io.reelay.lifecycle.mirror;

import io.quarkus.arc.DefaultBean;
import io.reelay.storage.VideoMirror;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The {@link VideoMirror} when no storage implementation is deployed: mirroring off. A bean of the storage package
 * (the S3 implementation) replaces it.
 */
@ApplicationScoped
public class MirrorDefaults {

    @Produces
    @DefaultBean
    @ApplicationScoped
    public VideoMirror mirrorOff() {
        return new MirrorOff();
    }
}
