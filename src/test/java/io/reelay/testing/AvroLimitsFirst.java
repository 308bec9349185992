package io.reelay.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import io.reelay.kafka.avro.AvroLimits;

/**
 * Sets Avro's own allocation limits before any test runs, as every launch path of the service does before it decodes
 * anything (the serdes' static initialisers call {@link AvroLimits#apply()}). Avro reads those limits once per JVM, on
 * its first decode; without this, whichever test first touched Avro decided whether the limits were in force for
 * every later test in the JVM, so the outcome depended on the order the tests ran in. Registered for the JUnit
 * Platform launcher in META-INF/services, for both tiers.
 */
public final class AvroLimitsFirst implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        AvroLimits.apply();
    }
}
