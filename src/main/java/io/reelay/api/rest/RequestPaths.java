package io.reelay.api.rest;

/** Which paths are the API's (and so answer in its error envelope). */
final class RequestPaths {

    static final String PREFIX = "/v1/";

    private RequestPaths() {
    }

    static boolean api(String path) {
        return path != null && path.startsWith(PREFIX);
    }
}
