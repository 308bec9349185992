package io.reelay.api.security;

/**
 * What an API key allows: read (status and events of its own requests), write (also submit and cancel them),
 * admin (all of that for every request).
 */
public final class ApiRoles {

    public static final String READ = "requests.read";
    public static final String WRITE = "requests.write";
    /** Sees and cancels every request, not only its own. */
    public static final String ADMIN = "requests.admin";
    /**
     * Held by a call another instance forwarded on its caller's behalf (never by a key): it is answered from this
     * instance's stores, never forwarded again, and not counted against the caller's budget a second time.
     */
    public static final String FORWARDED = "reelay.forwarded";

    private ApiRoles() {
    }
}
