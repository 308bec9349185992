package io.reelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The configuration table of docs/operations.md stays true to {@link ReelayConfig}: every reelay.* key it names is one
 * the root maps, with the default the root gives it. Rows list one key, or several of one group
 * ({@code `reelay.polling.min-interval` / `max-interval`}) with their defaults in the same order.
 */
class ConfigDocsTest {

    private static final Path OPERATIONS = Path.of("docs/operations.md");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** Placeholders the docs write for a map's entry key: "<id>", <provider>, <name>. */
    private static final Pattern ENTRY = Pattern.compile("\"?<[a-z]+>\"?");

    @Test
    void everyDocumentedKeyIsMappedWithTheDocumentedDefault() throws IOException {
        Map<String, RootKeys.Key> keys = RootKeys.all();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String row : Files.readAllLines(OPERATIONS)) {
            String[] cells = row.split("\\|");
            if (cells.length < 4 || !cells[1].strip().startsWith("`reelay.") || cells[1].contains("reelay.simulator.")) {
                continue;
            }
            List<String> names = names(cells[1]);
            String[] defaults = cells[2].split(" / ");
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                RootKeys.Key key = keys.get(name);
                String documented = i < defaults.length ? defaults[i].strip() : "";
                checked++;
                if (key == null) {
                    wrong.add(name + ": not a key of ReelayConfig");
                } else if (key.kind() == RootKeys.Kind.DEFAULT && !documented.startsWith("`" + key.defaultValue() + "`")) {
                    wrong.add(name + ": documented default " + documented + ", ReelayConfig's is " + key.defaultValue());
                } else if (key.kind() != RootKeys.Kind.DEFAULT && key.kind() != RootKeys.Kind.MAP
                        && !(documented.startsWith("none") || documented.equals("-"))) {
                    wrong.add(name + ": documented default " + documented + ", ReelayConfig has none");
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(checked).as("keys checked").isGreaterThan(40);
    }

    /** The keys of a row's first cell: the first in full, the others relative to its group. */
    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = CODE.matcher(cell.split("\\(`")[0]);
        String group = null;
        while (m.find()) {
            String name = ENTRY.matcher(m.group(1)).replaceAll("*");
            if (group == null) {
                group = name.substring(0, name.lastIndexOf('.', name.endsWith(".*") ? name.length() - 3 : name.length()));
                names.add(name);
            } else {
                names.add(group + "." + (name.startsWith(".") ? name.substring(1) : name));
            }
        }
        return names;
    }
}
