package io.reelay.kafka;

import java.util.regex.Pattern;

/**
 * What a tenant may be called: 1 to {@value #MAX_LENGTH} characters of {@value #CHARACTERS}, starting with a letter
 * or digit. Bounded and plain so that a name is safe as a metric tag, a Kafka key (the ledger's, later) and a path
 * segment, whoever wrote it. Part of the records' contract (as {@link RequestOwners} is), so that intake, the API
 * and the meters apply one rule.
 */
public final class TenantNames {

    /** The tenant of a request nobody named one for, unless {@code reelay.tenancy.default-tenant} says otherwise. */
    public static final String DEFAULT = "default";
    public static final int MAX_LENGTH = 64;
    public static final String CHARACTERS = "a-z 0-9 . _ -";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private TenantNames() {
    }

    /** True for a tenant name; never throws, whatever the text (its length is checked before the pattern runs). */
    public static boolean valid(String name) {
        return name != null && !name.isEmpty() && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /** What a tenant name is, for messages. */
    public static String rule() {
        return "1 to " + MAX_LENGTH + " characters of " + CHARACTERS + ", starting with a letter or digit";
    }
}
