package io.reelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.reelay.faults.BucketContents.StoredObject;
import io.reelay.faults.MirrorAudit.Served;
import io.reelay.faults.MirrorAudit.Traffic;
import io.reelay.faults.TerminalEvents.CopyFailed;
import io.reelay.faults.TerminalEvents.FileRef;
import io.reelay.faults.TerminalEvents.Mirror;
import io.reelay.faults.TerminalEvents.StoredFile;
import io.reelay.faults.TerminalEvents.Terminal;

/**
 * The stored-copy checks of the fault run fail on each way a copy can go wrong through a crash: a second object, a
 * missing or torn one, a copy that is not the served file, a failure without a bounded reason, and a run whose kills
 * met no copy at all.
 */
class MirrorAuditTest {

    private static final String BUCKET = "reelay-faults";
    private static final Served VIDEO = new Served(80_267, "aa".repeat(32));
    private static final Served FRAME = new Served(7_519, "bb".repeat(32));
    private static final Traffic MET_A_COPY = new Traffic(3, Map.of("kill 1", 2));

    @Test
    void everyCopyStoredOnceWithTheServedBytesHoldsEveryInvariant() {
        Terminal a = stored("r-1", true);
        Terminal b = stored("r-2", false);

        MirrorAudit audit = audit(List.of(a, b, failedRequest("r-3")), bucketOf(a, b), MET_A_COPY);

        assertThat(audit.violations()).isEmpty();
        assertThat(String.join("\n", audit.lines())).containsPattern("by mirror_status +\\{stored=2\\}")
                .containsPattern("stored copies the completions name +3")
                .containsPattern("objects in the bucket +3")
                .containsPattern("copies cut by kill 1 +2");
    }

    @Test
    void aSecondObjectForARequestIsAStray() {
        Terminal a = stored("r-1", false);
        Map<String, StoredObject> bucket = bucketOf(a);
        bucket.put("videos/r-1/0 (1).mp4", new StoredObject("videos/r-1/0 (1).mp4", VIDEO.size(), VIDEO.sha256()));

        assertThat(audit(List.of(a), bucket, MET_A_COPY).violations()).singleElement().asString()
                .contains("objects in the bucket no completion names").contains("videos/r-1/0 (1).mp4");
    }

    @Test
    void theFilesystemBackendsFoldersAreNotObjectsButAnEmptyFolderOrFileIs() {
        Terminal a = stored("r-1", false);
        Map<String, StoredObject> bucket = bucketOf(a);
        bucket.put("videos/", new StoredObject("videos/", 4096, "e3".repeat(32)));
        bucket.put("videos/r-1/", new StoredObject("videos/r-1/", 4096, "e3".repeat(32)));
        bucket.put("videos/r-9/", new StoredObject("videos/r-9/", 4096, "e3".repeat(32)));
        bucket.put("videos/r-1/1.mp4", new StoredObject("videos/r-1/1.mp4", 0, "e3".repeat(32)));

        MirrorAudit audit = audit(List.of(a), bucket, MET_A_COPY);

        assertThat(audit.violations()).singleElement().asString().contains("[videos/r-1/1.mp4, videos/r-9/]");
        assertThat(String.join("\n", audit.lines()))
                .containsPattern("objects in the bucket +3 \\(and 2 folder entries the filesystem backend lists\\)");
    }

    @Test
    void anObjectForAFailedRequestIsAStray() {
        Map<String, StoredObject> bucket = new TreeMap<>();
        bucket.put("videos/r-3/0.mp4", new StoredObject("videos/r-3/0.mp4", VIDEO.size(), VIDEO.sha256()));

        assertThat(audit(List.of(failedRequest("r-3")), bucket, MET_A_COPY).violations()).singleElement().asString()
                .contains("no completion names").contains("videos/r-3/0.mp4");
    }

    @Test
    void aStoredCopyMissingFromTheBucketOrTornIsCaught() {
        Terminal a = stored("r-1", true);
        Map<String, StoredObject> bucket = bucketOf(a);
        bucket.remove("videos/r-1/0-last-frame.jpg");
        bucket.put("videos/r-1/0.mp4", new StoredObject("videos/r-1/0.mp4", 4096, "cc".repeat(32)));

        List<String> violations = audit(List.of(a), bucket, MET_A_COPY).violations();

        assertThat(violations).hasSize(2);
        assertThat(violations.get(0)).contains("missing from the bucket").contains("videos/r-1/0-last-frame.jpg");
        assertThat(violations.get(1)).contains("differ from their event").contains("holds 4096 B");
    }

    @Test
    void aCopyThatIsNotTheServedFileIsCaughtEvenWhenTheBucketAgreesWithTheEvent() {
        Terminal torn = completion("r-1", "stored", List.of(new FileRef(0, false)),
                List.of(new StoredFile(new FileRef(0, false), BUCKET, "videos/r-1/0.mp4", 4096, "cc".repeat(32))),
                List.of());

        assertThat(audit(List.of(torn), bucketOf(torn), MET_A_COPY).violations()).singleElement().asString()
                .contains("not the served file").contains("videos/r-1/0.mp4");
    }

    @Test
    void aCopyOffTheKeyLayoutIsCaught() {
        Terminal elsewhere = completion("r-1", "stored", List.of(new FileRef(0, false)),
                List.of(new StoredFile(new FileRef(0, false), BUCKET, "videos/r-2/0.mp4", VIDEO.size(),
                        VIDEO.sha256())), List.of());

        assertThat(audit(List.of(elsewhere), bucketOf(elsewhere), MET_A_COPY).violations()).singleElement()
                .asString().contains("off the key layout").contains("expected reelay-faults/videos/r-1/0.mp4");
    }

    @Test
    void aFailedCopyWithABoundedReasonIsReportedNotAViolation() {
        FileRef frame = new FileRef(0, true);
        Terminal partly = completion("r-1", "failed", List.of(new FileRef(0, false), frame),
                List.of(video("r-1")), List.of(new CopyFailed(frame, "last_frame", "source_gone", "404", 1)));

        MirrorAudit audit = audit(List.of(partly), bucketOf(partly), MET_A_COPY);

        assertThat(audit.violations()).isEmpty();
        assertThat(String.join("\n", audit.lines())).containsPattern("by reason .* +\\{source_gone=1\\}")
                .contains("failed copy: r-1 last_frame 0: source_gone after 1 attempts: 404");
    }

    @Test
    void aFailureWithoutABoundedReasonOrAStatusOtherThanStoredOrFailedIsAViolation() {
        FileRef v = new FileRef(0, false);
        Terminal noReason = completion("r-1", "failed", List.of(v), List.of(), List.of());
        Terminal madeUp = completion("r-2", "failed", List.of(v), List.of(),
                List.of(new CopyFailed(v, "video", "cosmic_rays", "?", 1)));
        Terminal unknown = completion("r-3", "unknown", List.of(v), List.of(), List.of());
        Terminal off = completion("r-4", "off", List.of(v), List.of(), List.of());
        Terminal none = new Terminal("r-5", true, null, "t", "video.completed", 0, 5, null, 1, null);

        List<String> violations = audit(List.of(noReason, madeUp, unknown, off, none), new TreeMap<>(), MET_A_COPY)
                .violations();

        assertThat(violations).singleElement().asString().contains("without a bounded reason")
                .contains("r-1 (failed, reasons [])").contains("r-2 (failed, reasons [cosmic_rays])")
                .contains("r-3 (mirror_status unknown)").contains("r-4 (mirror_status off)")
                .contains("r-5 (no mirror_status)");
    }

    @Test
    void storedWhileAFileHasNoCopyContradictsItself() {
        Terminal a = completion("r-1", "stored", List.of(new FileRef(0, false), new FileRef(0, true)),
                List.of(video("r-1")), List.of());

        assertThat(audit(List.of(a), bucketOf(a), MET_A_COPY).violations()).singleElement().asString()
                .contains("contradicts").contains("r-1 stored, yet without a copy");
    }

    @Test
    void aRunWhoseKillsCutNoCopyDidNotTestMirroringThroughACrash() {
        Terminal a = stored("r-1", false);
        List<Disruption> disruptions = List.of(
                new Disruption("kill 1 (upstream outage)", Disruption.Kind.KILL, 1_000),
                new Disruption("broker restart 1", Disruption.Kind.BROKER_RESTART, 50_000),
                new Disruption("kill 2", Disruption.Kind.KILL, 100_000));

        Traffic none = Traffic.of(1, List.of(200_000L), disruptions);
        Traffic some = Traffic.of(1, List.of(101_500L, 102_000L, 200_000L), disruptions);

        assertThat(none.cutByKill()).containsExactly(Map.entry("kill 1 (upstream outage)", 0),
                Map.entry("kill 2", 0), Map.entry(Traffic.NO_KILL, 1));
        assertThat(audit(List.of(a), bucketOf(a), none).violations()).singleElement().asString()
                .contains("no service kill cut a copy short");
        assertThat(some.cutByKill()).containsExactly(Map.entry("kill 1 (upstream outage)", 0),
                Map.entry("kill 2", 2), Map.entry(Traffic.NO_KILL, 1));
        assertThat(audit(List.of(a), bucketOf(a), some).violations()).isEmpty();
        assertThat(audit(List.of(a), bucketOf(a), Traffic.of(1, List.of(), List.of())).violations()).isEmpty();
    }

    private static MirrorAudit audit(List<Terminal> terminals, Map<String, StoredObject> bucket, Traffic traffic) {
        return new MirrorAudit(terminals, BUCKET, "videos", bucket, VIDEO, FRAME, traffic);
    }

    private static Terminal stored(String id, boolean withFrame) {
        List<FileRef> files = new ArrayList<>(List.of(new FileRef(0, false)));
        List<StoredFile> copies = new ArrayList<>(List.of(video(id)));
        if (withFrame) {
            files.add(new FileRef(0, true));
            copies.add(new StoredFile(new FileRef(0, true), BUCKET, "videos/" + id + "/0-last-frame.jpg",
                    FRAME.size(), FRAME.sha256()));
        }
        return completion(id, "stored", files, copies, List.of());
    }

    private static StoredFile video(String id) {
        return new StoredFile(new FileRef(0, false), BUCKET, "videos/" + id + "/0.mp4", VIDEO.size(),
                VIDEO.sha256());
    }

    static Terminal completion(String id, String status, List<FileRef> files, List<StoredFile> stored,
            List<CopyFailed> failures) {
        return new Terminal(id, true, null, "task-" + id, "video.completed", 0, 0, null, 1_000,
                new Mirror(status, files, stored, failures));
    }

    private static Terminal failedRequest(String id) {
        return new Terminal(id, false, "upstream_failed", null, "video.failed", 0, 0, "failed", 1_000, null);
    }

    private static Map<String, StoredObject> bucketOf(Terminal... terminals) {
        Map<String, StoredObject> bucket = new TreeMap<>();
        for (Terminal t : terminals) {
            t.mirror().stored().forEach(s -> bucket.put(s.key(), new StoredObject(s.key(), s.size(), s.sha256())));
        }
        return bucket;
    }
}
