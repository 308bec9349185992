package io.reelay.api.security;

import java.security.Principal;
import java.util.Set;

import io.reelay.config.ReelayConfig.Api.Access;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Who is calling, as far as the API's rules care: the client name (the owner of what it posts), its access level
 * (admin sees every request), and whether another instance forwarded the call on its behalf.
 */
public record Caller(String name, Access access, boolean forwarded) {

    /** Reelay itself, asking whether an id is taken at all (what it learns is never shown as such). */
    public static final Caller SYSTEM = new Caller("reelay", Access.admin, false);

    public boolean admin() {
        return access == Access.admin;
    }

    /** The caller of the current request (every endpoint of the API requires an authenticated one). */
    public static Caller of(SecurityContext security) {
        Principal principal = security.getUserPrincipal();
        String name = principal == null ? "" : principal.getName();
        Access access = security.isUserInRole(ApiRoles.ADMIN) ? Access.admin
                : security.isUserInRole(ApiRoles.WRITE) ? Access.write : Access.read;
        return new Caller(name, access, security.isUserInRole(ApiRoles.FORWARDED));
    }

    /** The roles an identity of this access level holds. */
    static Set<String> roles(Access access) {
        return switch (access) {
            case read -> Set.of(ApiRoles.READ);
            case write -> Set.of(ApiRoles.READ, ApiRoles.WRITE);
            case admin -> Set.of(ApiRoles.READ, ApiRoles.WRITE, ApiRoles.ADMIN);
        };
    }

    /** @return null for anything but the names of the access levels */
    static Access access(String name) {
        for (Access access : Access.values()) {
            if (access.name().equals(name)) {
                return access;
            }
        }
        return null;
    }
}
