package io.reelay.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key as presented by a caller, to be matched against the configured clients. */
final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest[key=***]";
    }
}
