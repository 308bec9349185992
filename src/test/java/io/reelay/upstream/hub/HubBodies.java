package io.reelay.upstream.hub;

import io.reelay.intake.VideoRequest;

/** The hub's submit body of a request, exactly as the hub client sends it (for tests outside this package). */
public final class HubBodies {

    private HubBodies() {
    }

    public static String of(VideoRequest request) {
        return HubRequestBody.of(request);
    }
}
