package io.reelay.api.security;

/** What an API key allows: read (status, events, models) or write (also submit and cancel). */
public final class ApiRoles {

    public static final String READ = "requests.read";
    public static final String WRITE = "requests.write";

    private ApiRoles() {
    }
}
