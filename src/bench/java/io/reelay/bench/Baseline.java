package io.reelay.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;

import io.reelay.events.VideoRequested;

/**
 * The previous release, the throughput part's baseline: resolved from a git ref (by default the newest release tag,
 * {@code vX.Y.Z}, below HEAD), its source taken from git into target/baseline/&lt;commit&gt;/ and packaged there
 * with its own Maven wrapper, offline, as that release was built. Its packaged service then runs against the same
 * simulator, workload and JVM flags as this build's (see {@link BenchmarkRun}).
 */
final class Baseline {

    private static final Pattern RELEASE_TAG = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final String JAR = "target/quarkus-app/quarkus-run.jar";

    /**
     * A resolved baseline.
     *
     * @param name the ref as asked for, or the tag found ("v0.1.0")
     * @param commit the full commit id it names
     */
    record Ref(String name, String commit) {

        /** "v0.1.0 (e0bad7c)": what the table calls it. */
        String label() {
            String shortId = commit.substring(0, Math.min(7, commit.length()));
            return name.startsWith(shortId) ? shortId : name + " (" + shortId + ")";
        }
    }

    /** A packaged baseline: its service jar, the source tree it was built from, and what building it cost. */
    record Built(Ref ref, Path jar, Path source, double buildSeconds, boolean reused) {
    }

    private Baseline() {
    }

    /**
     * The newest release tag among those reachable from HEAD, leaving out any that name HEAD itself (a release's own
     * commit is measured against the release before it). Release tags are {@code vX.Y.Z}; others are ignored.
     *
     * @param reachable tags merged into HEAD ({@code git tag --merged HEAD})
     * @param atHead tags that point at HEAD ({@code git tag --points-at HEAD})
     */
    static Optional<String> newestReleaseBelow(Collection<String> reachable, Set<String> atHead) {
        return reachable.stream().map(String::strip).filter(t -> RELEASE_TAG.matcher(t).matches())
                .filter(t -> !atHead.contains(t)).max(Comparator.comparing(Baseline::version, VERSION_ORDER));
    }

    private static final Comparator<int[]> VERSION_ORDER = Comparator.<int[]>comparingInt(v -> v[0])
            .thenComparingInt(v -> v[1]).thenComparingInt(v -> v[2]);

    private static int[] version(String tag) {
        Matcher m = RELEASE_TAG.matcher(tag);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a release tag: " + tag);
        }
        return new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)) };
    }

    /** The changelog's release headings: {@code ## v0.1.0 - 2026-11-22, commit e0bad7c}. */
    private static final Pattern CHANGELOG_RELEASE = Pattern.compile(
            "^##\\s+(v\\d+\\.\\d+\\.\\d+)\\b.*\\bcommit\\s+([0-9a-f]{7,40})\\b", Pattern.MULTILINE);
    static final String CHANGELOG = "CHANGELOG.md";

    /** Each release the changelog names, by its tag name, with the commit it names (abbreviated or whole). */
    static Map<String, String> changelogReleases(String changelog) {
        Map<String, String> releases = new java.util.LinkedHashMap<>();
        Matcher m = CHANGELOG_RELEASE.matcher(changelog);
        while (m.find()) {
            releases.putIfAbsent(m.group(1), m.group(2));
        }
        return releases;
    }

    /** The newest release the changelog names whose commit is below HEAD (HEAD itself left out, as for tags). */
    private static Optional<Ref> newestChangelogReleaseBelow(Path repo) {
        Path file = repo.resolve(CHANGELOG);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String head = git(repo, "rev-parse", "HEAD").strip();
        Map<String, String> below = new java.util.HashMap<>();
        try {
            changelogReleases(Files.readString(file, StandardCharsets.UTF_8)).forEach((version, commit) -> {
                String full = commitOf(repo, commit);
                if (full != null && !full.equals(head) && isAncestor(repo, full, head)) {
                    below.put(version, full);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return newestReleaseBelow(below.keySet(), Set.of()).map(version -> new Ref(version, below.get(version)));
    }

    /** The whole commit id {@code ref} names, or null when it names none in this clone (a shallow one, say). */
    private static String commitOf(Path repo, String ref) {
        try {
            return git(repo, "rev-parse", "--verify", "--quiet", ref + "^{commit}").strip();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static boolean isAncestor(Path repo, String commit, String head) {
        try {
            git(repo, "merge-base", "--is-ancestor", commit, head);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The ref asked for ({@code -Dreelay.bench.baseline-ref}), else the newest release tag below HEAD, else (a clone
     * without tags) the newest release {@value #CHANGELOG} names below HEAD, as a commit.
     *
     * @throws IllegalStateException when there is no such tag or the ref names no commit, saying what to do
     */
    static Ref resolve(Path repo, String asked) {
        String name = asked;
        if (name == null || name.isBlank()) {
            List<String> reachable = git(repo, "tag", "--merged", "HEAD", "--list", "v*").lines().toList();
            Set<String> atHead = Set.copyOf(git(repo, "tag", "--points-at", "HEAD", "--list", "v*").lines().toList());
            Optional<String> tag = newestReleaseBelow(reachable, atHead);
            if (tag.isEmpty()) {
                // A clone without tags: the changelog names each release's commit.
                return newestChangelogReleaseBelow(repo).orElseThrow(() -> new IllegalStateException(
                        "no release below HEAD to measure against, neither a tag (vX.Y.Z) nor a release in "
                                + CHANGELOG + " whose commit is below HEAD: fetch the tags (git fetch --tags) or "
                                + "name a ref with -Dreelay.bench.baseline-ref=<ref>"));
            }
            name = tag.get();
        }
        String commit = commitOf(repo, name.strip());
        if (commit == null) {
            throw new IllegalStateException("the baseline ref '" + name + "' names no commit in " + repo.toAbsolutePath()
                    + " (-Dreelay.bench.baseline-ref)");
        }
        return new Ref(name.strip(), commit);
    }

    /**
     * The baseline's packaged service, built under {@code into}/&lt;commit&gt;/ unless an earlier run left it there
     * (the tree of a commit never changes, so its jar is reused until {@code ./mvnw clean}).
     *
     * @throws IllegalStateException when the source cannot be taken from git or does not build, naming the log
     */
    static Built build(Path repo, Ref ref, Path into, Path log) throws InterruptedException {
        Path source = into.resolve(ref.commit());
        Path jar = source.resolve(JAR);
        if (Files.isRegularFile(jar)) {
            return new Built(ref, jar, source, 0, true);
        }
        long began = System.nanoTime();
        try {
            io.reelay.testing.broker.EmbeddedKafkaBroker.deleteRecursively(source);
            Files.createDirectories(source);
            Path tar = into.resolve(ref.commit() + ".tar");
            git(repo, "archive", "--format=tar", "-o", tar.toAbsolutePath().toString(), ref.commit());
            run(List.of("tar", "-xf", tar.toAbsolutePath().toString(), "-C", source.toAbsolutePath().toString()),
                    repo, log, GIT_TIMEOUT, "unpacking " + ref.label());
            Files.delete(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("could not take " + ref.label() + " from git into " + source, e);
        }
        // Its own wrapper and pom, offline like every build here; its tests are not this run's business.
        run(List.of("./mvnw", "-B", "-ntp", "-o", "package", "-Dmaven.test.skip=true"), source, log, BUILD_TIMEOUT,
                "building " + ref.label() + " offline (an artifact it needs may be missing from the local Maven "
                        + "repository: build it once online with (cd " + source + " && ./mvnw -B package "
                        + "-Dmaven.test.skip=true), then run the benchmark again; it reuses the jar)");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(ref.label() + " built, but left no " + JAR + "; see " + log);
        }
        return new Built(ref, jar, source, (System.nanoTime() - began) / 1e9, false);
    }

    /**
     * Writes requests as the baseline's producers would: in its newest VideoRequested schema, in single-object
     * encoding, so that it reads them as its own. Each request goes through Avro's schema resolution from today's
     * schema to that one (fields the baseline does not know are left out; the workload sets none of them).
     *
     * @param source the baseline's source tree; its schema-history holds every VideoRequested it has written
     */
    static Function<VideoRequested, byte[]> requestEncoder(Path source) {
        Path dir = source.resolve("src/main/resources/schema-history/VideoRequested");
        Path newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(f -> f.getFileName().toString().matches("\\d+\\.avsc"))
                    .max(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replace(".avsc", ""))))
                    .orElseThrow(() -> new IllegalStateException("no VideoRequested schema in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException("the baseline has no VideoRequested schema history at " + dir, e);
        }
        try {
            return requestEncoder(new Schema.Parser().parse(newest.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + newest, e);
        }
    }

    /** Encodes today's requests in {@code schema}, an earlier VideoRequested. */
    static Function<VideoRequested, byte[]> requestEncoder(Schema schema) {
        SpecificDatumWriter<VideoRequested> writer = new SpecificDatumWriter<>(VideoRequested.getClassSchema());
        GenericDatumReader<GenericRecord> resolve = new GenericDatumReader<>(VideoRequested.getClassSchema(), schema);
        BinaryMessageEncoder<GenericRecord> encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
        return request -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder binary = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(request, binary);
                binary.flush();
                GenericRecord old = resolve.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
                ByteBuffer encoded = encoder.encode(old);
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + request.getRequestId() + " for the baseline", e);
            }
        };
    }

    private static String git(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(GIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static void run(List<String> command, Path dir, Path log, Duration within, String what)
            throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // The outer build's wrapper settings name the outer project; the baseline's wrapper finds its own.
            Map<String, String> env = builder.environment();
            env.remove("MAVEN_PROJECTBASEDIR");
            env.remove("MAVEN_BASEDIR");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(what + ": not done within " + within.toMinutes() + " min; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + ": failed (exit " + process.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": could not start " + command.get(0), e);
        }
    }
}
