package io.reelay.upstream.hub;

import io.reelay.intake.VideoRequest;
import io.reelay.upstream.UpstreamJson;

/** Builds {@code {"model": ..., "input": {...}}} for {@code POST /hub/v1/video}. */
final class HubRequestBody {

    private HubRequestBody() {
    }

    /**
     * The input is the request's parameters only: the hub passes it straight to the model, whose own
     * names and types (e.g. {@code "duration": "8s"}) Reelay's validator has already folded in.
     */
    static String of(VideoRequest request) {
        var body = UpstreamJson.MAPPER.createObjectNode();
        body.put("model", request.model());
        var input = body.putObject("input");
        request.parameters().forEach((name, literal) -> {
            if (name != null && !name.isBlank() && literal != null) {
                input.set(name, UpstreamJson.literal(literal));
            }
        });
        return body.toString();
    }
}
