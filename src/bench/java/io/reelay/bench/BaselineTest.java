package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.reelay.events.VideoRequested;
import io.reelay.kafka.avro.AvroSerde;

/** Which release the throughput part measures against, and how its requests are written. */
class BaselineTest {

    @Test
    void theNewestReleaseTagIsTheHighestVersionNotTheLastInTextOrder() {
        assertThat(Baseline.newestReleaseBelow(List.of("v0.1.0", "v0.10.0", "v0.9.3", "v0.2.0"), Set.of()))
                .contains("v0.10.0");
    }

    @Test
    void tagsThatAreNotReleasesAndTheReleaseAtHeadItselfAreLeftOut() {
        assertThat(Baseline.newestReleaseBelow(List.of("v0.1.0", "v0.2.0", "v0.3.0-rc1", "vnext", "v1", "release-9"),
                Set.of("v0.2.0"))).contains("v0.1.0");
        assertThat(Baseline.newestReleaseBelow(List.of("v0.2.0", "latest"), Set.of("v0.2.0"))).isEmpty();
    }

    @Test
    void aRefResolvesToItsCommitAndTheDefaultIsTheNewestReleaseBelowHead(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        String first = commit(repo, "first");
        git(repo, "tag", "-a", "v0.1.0", "-m", "first release");
        String second = commit(repo, "second");
        git(repo, "tag", "v0.2.0");
        git(repo, "tag", "nightly");
        commit(repo, "third");

        assertThat(Baseline.resolve(repo, "")).isEqualTo(new Baseline.Ref("v0.2.0", second));
        assertThat(Baseline.resolve(repo, "v0.1.0")).isEqualTo(new Baseline.Ref("v0.1.0", first));
        assertThat(Baseline.resolve(repo, "v0.1.0").label()).isEqualTo("v0.1.0 (" + first.substring(0, 7) + ")");
        assertThat(Baseline.resolve(repo, first.substring(0, 10)).label()).isEqualTo(first.substring(0, 7));

        git(repo, "checkout", "-q", second);
        assertThat(Baseline.resolve(repo, null)).as("HEAD is v0.2.0 itself: measured against the one before")
                .isEqualTo(new Baseline.Ref("v0.1.0", first));
        assertThatThrownBy(() -> Baseline.resolve(repo, "v9.9.9")).hasMessageContaining("'v9.9.9' names no commit");
    }

    @Test
    void withoutAReleaseTagTheRunSaysHowToNameOne(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        commit(repo, "only");

        assertThatThrownBy(() -> Baseline.resolve(repo, " ")).hasMessageContaining("-Dreelay.bench.baseline-ref");
    }

    @Test
    void theChangelogNamesEachReleasesCommitInItsHeading() {
        String changelog = """
                # Changelog
                ## Unreleased
                - more
                ## v0.2.0 - 2026-12-10, commit 0123abcd
                ## v0.1.1 - 2026-11-30 (no commit named)
                ## v0.1.0 - 2026-11-22, commit e0bad7c8bd2da681c7b7b0531ffbeaa55614050f
                - first
                """;

        assertThat(Baseline.changelogReleases(changelog)).containsExactly(
                java.util.Map.entry("v0.2.0", "0123abcd"),
                java.util.Map.entry("v0.1.0", "e0bad7c8bd2da681c7b7b0531ffbeaa55614050f"));
    }

    @Test
    void thisRepositorysChangelogNamesTheFirstRelease() throws IOException {
        assertThat(Baseline.changelogReleases(Files.readString(Path.of(Baseline.CHANGELOG))))
                .containsEntry("v0.1.0", "e0bad7c");
    }

    /** A clone without tags (as CI checks out main) still finds the release below HEAD, from the changelog. */
    @Test
    void withoutTagsTheNewestReleaseTheChangelogNamesBelowHeadIsTheBaseline(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        String first = commit(repo, "first");
        String second = commit(repo, "second");
        String changelog = "## v0.3.0 - later, commit " + "f".repeat(40) + "\n"
                + "## v0.2.0 - soon, commit " + second.substring(0, 9) + "\n"
                + "## v0.1.0 - then, commit " + first.substring(0, 7) + "\n";
        Files.writeString(repo.resolve(Baseline.CHANGELOG), changelog);
        commit(repo, "third");

        assertThat(Baseline.resolve(repo, "")).as("v0.3.0 names no commit of this clone")
                .isEqualTo(new Baseline.Ref("v0.2.0", second));
        git(repo, "checkout", "-q", second);
        Files.writeString(repo.resolve(Baseline.CHANGELOG), changelog);
        assertThat(Baseline.resolve(repo, null)).as("HEAD is v0.2.0 itself: measured against the one before")
                .isEqualTo(new Baseline.Ref("v0.1.0", first));
        git(repo, "checkout", "-q", first);
        Files.writeString(repo.resolve(Baseline.CHANGELOG), changelog);
        assertThatThrownBy(() -> Baseline.resolve(repo, null)).hasMessageContaining("no release below HEAD")
                .hasMessageContaining("-Dreelay.bench.baseline-ref");
    }

    @Test
    void requestsAreWrittenInThePreviousReleasesSchemaAndReadBackAsTheSameRequest() throws IOException {
        // VideoRequested version 2: the schema of v0.1.0, which knows no provider, callback, tenant or priority.
        Schema v2;
        try (InputStream in = getClass().getResourceAsStream("/schema-history/VideoRequested/2.avsc")) {
            v2 = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        VideoRequested request = Workload.request("b1-v-7", Workload.INSTANT_MODEL, 5, "720p");
        request.setRequestedAt(Instant.ofEpochMilli(request.getRequestedAt().toEpochMilli()));

        byte[] bytes = Baseline.requestEncoder(v2).apply(request);

        assertThat(bytes).isNotEqualTo(AvroSerde.of(VideoRequested.class).encode(request));
        assertThat(java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                .as("the single-object header names version 2")
                .isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(v2));
        assertThat(AvroSerde.of(VideoRequested.class).decode(bytes)).isEqualTo(request);
    }

    @Test
    void theSchemaIsTheNewestOfTheBaselinesHistory(@TempDir Path source) throws IOException {
        Path history = Files.createDirectories(source.resolve("src/main/resources/schema-history/VideoRequested"));
        for (int n : new int[] { 1, 2 }) {
            try (InputStream in = getClass().getResourceAsStream("/schema-history/VideoRequested/" + n + ".avsc")) {
                Files.write(history.resolve(n + ".avsc"), in.readAllBytes());
            }
        }
        VideoRequested request = Workload.request("b1-v-8", Workload.INSTANT_MODEL, 5, "720p");

        byte[] bytes = Baseline.requestEncoder(source).apply(request);

        try (InputStream in = getClass().getResourceAsStream("/schema-history/VideoRequested/2.avsc")) {
            assertThat(java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong())
                    .isEqualTo(org.apache.avro.SchemaNormalization.parsingFingerprint64(
                            new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
        assertThatThrownBy(() -> Baseline.requestEncoder(source.resolve("missing")))
                .hasMessageContaining("no VideoRequested schema history");
    }

    private static String commit(Path repo, String message) throws Exception {
        Files.writeString(repo.resolve("file.txt"), message);
        git(repo, "add", "file.txt");
        git(repo, "commit", "-q", "-m", message);
        return git(repo, "rev-parse", "HEAD").strip();
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=bench", "-c",
                "user.email=bench@example.test", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
        return out;
    }
}
