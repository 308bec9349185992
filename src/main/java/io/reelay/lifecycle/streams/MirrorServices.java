package io.reelay.lifecycle.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reelay.lifecycle.mirror.MirrorMetrics;
import io.reelay.storage.DisabledMirror;
import io.reelay.storage.VideoMirror;

/**
 * What the tracker copies finished videos with.
 *
 * @param mirror the object storage port (off: completions carry the upstream URLs alone)
 * @param metrics where copies are counted
 */
public record MirrorServices(VideoMirror mirror, MirrorMetrics metrics) {

    /** Mirroring off. */
    public static MirrorServices off() {
        return new MirrorServices(new DisabledMirror(), new MirrorMetrics(new SimpleMeterRegistry()));
    }
}
