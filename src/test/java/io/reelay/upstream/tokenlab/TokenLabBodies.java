package io.reelay.upstream.tokenlab;

import io.reelay.intake.VideoRequest;
import io.reelay.upstream.UpstreamJson;

/** TokenLab's submit body of a request, exactly as the TokenLab client sends it (for tests outside this package). */
public final class TokenLabBodies {

    private TokenLabBodies() {
    }

    public static String of(VideoRequest request) {
        return TokenLabRequestBody.of(request, UpstreamJson.MAPPER).toString();
    }
}
