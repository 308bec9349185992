package io.reelay.api.security;

/**
 * Who may see a request: its owner (the client that posted it over HTTP, as {@code RequestStatus.owner()} says)
 * and admin keys. A request without an owner (published straight to Kafka) is seen by admin keys only. While
 * authentication is off every caller is an admin, so everything stays visible in dev and demo.
 */
public final class Ownership {

    /** Metadata keys with this prefix are Reelay's own: never taken from a caller, never shown as metadata. */
    public static final String RESERVED_PREFIX = io.reelay.kafka.RequestOwners.RESERVED_PREFIX;

    private Ownership() {
    }

    /** @param owner the request's owner, null when it has none */
    public static boolean visible(Caller caller, String owner) {
        if (caller == null) {
            return false;
        }
        return caller.admin() || owner != null && !owner.isEmpty() && owner.equals(caller.name());
    }
}
