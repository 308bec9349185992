package io.reelay.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A part of the fault run's table with checks of its own (the stored copies, the webhooks): its rows under a title,
 * and the invariants it found broken, which fail the run as the report's own do.
 */
class ReportSection {

    static final int SHOWN = 20;

    private final String title;
    private final List<String> lines = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    ReportSection(String title) {
        this.title = title;
    }

    final void row(String what, Object value) {
        lines.add(String.format("  %-66s %s", what, value));
    }

    /** A line of its own, below the rows (examples, notes). */
    final void note(String line) {
        lines.add("  " + line);
    }

    final void check(boolean holds, String violation) {
        if (!holds) {
            violations.add(violation);
        }
    }

    final String title() {
        return title;
    }

    final List<String> lines() {
        return List.copyOf(lines);
    }

    final List<String> violations() {
        return List.copyOf(violations);
    }

    static String show(Collection<String> items) {
        return items.stream().limit(SHOWN).toList() + (items.size() > SHOWN ? " and " + (items.size() - SHOWN)
                + " more" : "");
    }
}
