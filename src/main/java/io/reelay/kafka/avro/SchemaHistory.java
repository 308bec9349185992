package io.reelay.kafka.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Every released version of a record schema, kept on the classpath as
 * {@code schema-history/<RecordName>/<n>.avsc} (n = 1, 2, ...; self-contained, never edited). The
 * single-object encoding names the writer's schema by fingerprint, so a reader must know each
 * version a writer may still use. {@code schemas/} stays the one source of the current version.
 */
public final class SchemaHistory {

    static final String ROOT = "schema-history/";

    private SchemaHistory() {
    }

    /** The released versions of this record's schema, oldest first (empty if none were released). */
    public static List<Schema> versions(Schema current) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int n = 1; ; n++) {
            try (InputStream in = loader.getResourceAsStream(ROOT + current.getName() + "/" + n + ".avsc")) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
