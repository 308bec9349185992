package io.reelay.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.reelay.faults.BucketContents.StoredObject;
import io.reelay.faults.TerminalEvents.CopyFailed;
import io.reelay.faults.TerminalEvents.FileRef;
import io.reelay.faults.TerminalEvents.Mirror;
import io.reelay.faults.TerminalEvents.StoredFile;
import io.reelay.faults.TerminalEvents.Terminal;

/**
 * The stored copies through kills and a broker restart, checked three ways: what each completion says
 * ({@code mirror_status}, its stored copies, its failures), what the bucket really holds (listed and read back), and
 * what the simulator served. Exactly one object per stored file: every copy a completion names is in the bucket
 * with the event's size and SHA-256, which are the served file's, and the bucket holds nothing else. A completion
 * whose copies failed must say why with a bounded reason; one that does not (or says {@code unknown}, {@code off},
 * or nothing while mirroring is on) breaks the guarantee.
 */
final class MirrorAudit extends ReportSection {

    /** The reasons a completion may give for a file without a copy (CopyFailure.reason, docs/storage.md). */
    static final Set<String> BOUNDED_REASONS = Set.of("too_large", "wrong_content_type", "forbidden_address",
            "too_many_redirects", "source_gone", "source_error", "source_timeout", "storage_unavailable", "timeout");
    private static final int EXAMPLES = 5;

    /** A file as the simulator serves it: every task gets the same bytes. */
    record Served(long size, String sha256) {
    }

    /**
     * The copies as the file host saw them.
     *
     * @param sent files sent whole
     * @param cutByKill files whose reader went away mid-transfer, by the service kill they fell in (every kill
     *        named, 0 for none), then {@link #NO_KILL} for those that no kill explains
     */
    record Traffic(long sent, Map<String, Integer> cutByKill) {

        /** Cuts noticed this long after a kill are that kill's: the host notices a dead reader within seconds. */
        static final long KILL_NOTICED_WITHIN_MS = 30_000;
        static final String NO_KILL = "no kill before it (the service gave the copy up itself)";

        /** Each cut (epoch ms) to the last service kill at most {@link #KILL_NOTICED_WITHIN_MS} before it. */
        static Traffic of(long sent, List<Long> cutAt, List<Disruption> disruptions) {
            List<Disruption> kills = disruptions.stream().filter(Disruption::kill).toList();
            Map<String, Integer> by = new LinkedHashMap<>();
            kills.forEach(k -> by.put(k.label(), 0));
            for (long at : cutAt) {
                String kill = kills.stream().filter(k -> k.at() <= at && at - k.at() <= KILL_NOTICED_WITHIN_MS)
                        .reduce((a, b) -> b).map(Disruption::label).orElse(NO_KILL);
                by.merge(kill, 1, Integer::sum);
            }
            return new Traffic(sent, by);
        }

        long cut() {
            return cutByKill.values().stream().mapToLong(Integer::longValue).sum();
        }
    }

    /**
     * @param terminals the first terminal event of each request of the run
     * @param bucket the bucket the service writes to
     * @param prefix the keys' first part ({@code reelay.storage.prefix})
     * @param objects what the bucket holds, read back
     */
    MirrorAudit(Collection<Terminal> terminals, String bucket, String prefix, Map<String, StoredObject> objects,
            Served video, Served lastFrame, Traffic traffic) {
        super("stored copies (reelay.storage.enabled=true, s3proxy, the simulator's files):");
        List<Terminal> completions = terminals.stream().filter(Terminal::completed).toList();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> failedBy = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        Set<String> named = new HashSet<>();
        List<String> missing = new ArrayList<>();
        List<String> differs = new ArrayList<>();
        List<String> notServed = new ArrayList<>();
        List<String> offLayout = new ArrayList<>();
        int files = 0;
        int lastFrames = 0;
        int stored = 0;
        for (Terminal c : completions) {
            String id = c.requestId();
            Mirror m = c.mirror();
            String status = m == null || m.status() == null ? "none" : m.status();
            byStatus.merge(status, 1L, Long::sum);
            if (m == null) {
                unexplained.add(id + " (no mirror_status)");
                continue;
            }
            files += m.files().size();
            lastFrames += (int) m.files().stream().filter(FileRef::lastFrame).count();
            Set<FileRef> withCopy = m.stored().stream().map(StoredFile::file).collect(Collectors.toSet());
            Set<FileRef> withoutCopy = m.files().stream().filter(f -> !withCopy.contains(f))
                    .collect(Collectors.toSet());
            Set<FileRef> saidFailed = m.failures().stream().map(CopyFailed::file).collect(Collectors.toSet());
            switch (status) {
                case "stored" -> {
                    if (!withoutCopy.isEmpty() || !m.failures().isEmpty()) {
                        inconsistent.add(id + " stored, yet without a copy: " + withoutCopy);
                    }
                }
                case "failed" -> {
                    List<String> reasons = m.failures().stream().map(CopyFailed::reason).toList();
                    reasons.forEach(r -> failedBy.merge(String.valueOf(r), 1L, Long::sum));
                    if (reasons.isEmpty() || !reasons.stream().allMatch(BOUNDED_REASONS::contains)) {
                        unexplained.add(id + " (failed, reasons " + reasons + ")");
                    } else if (!saidFailed.equals(withoutCopy)) {
                        inconsistent.add(id + " failed for " + saidFailed + " but without a copy: " + withoutCopy);
                    }
                    m.failures().stream().limit(EXAMPLES - examples.size()).forEach(f -> examples.add(id + " "
                            + f.fileName() + " " + f.file().videoIndex() + ": " + f.reason() + " after "
                            + f.attempts() + " attempts: " + f.message()));
                }
                default -> unexplained.add(id + " (mirror_status " + status + ")");
            }
            for (StoredFile s : m.stored()) {
                stored++;
                named.add(s.key());
                String expectedKey = (prefix.isEmpty() ? "" : prefix + "/") + id + "/" + s.file().videoIndex()
                        + (s.file().lastFrame() ? "-last-frame.jpg" : ".mp4");
                if (!bucket.equals(s.bucket()) || !expectedKey.equals(s.key())) {
                    offLayout.add(s.bucket() + "/" + s.key() + " (expected " + bucket + "/" + expectedKey + ")");
                }
                StoredObject o = objects.get(s.key());
                if (o == null) {
                    missing.add(s.key());
                } else if (o.size() != s.size() || !o.sha256().equals(s.sha256())) {
                    differs.add(s.key() + " holds " + o.size() + " B sha256 " + o.sha256() + ", the event says "
                            + s.size() + " B " + s.sha256());
                }
                Served served = s.file().lastFrame() ? lastFrame : video;
                if (served.size() != s.size() || !served.sha256().equals(s.sha256())) {
                    notServed.add(s.key() + ": " + s.size() + " B " + s.sha256() + ", served " + served.size()
                            + " B " + served.sha256());
                }
            }
        }
        // s3proxy's filesystem backend lists its folders as keys ending in '/' (the service's keys never do): one
        // that holds an object is a folder, not an object. An empty one is left as a stray.
        Set<String> folders = objects.keySet().stream().filter(k -> k.endsWith("/"))
                .filter(k -> objects.keySet().stream().anyMatch(o -> o.length() > k.length() && o.startsWith(k)))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> stray = new TreeSet<>(objects.keySet());
        stray.removeAll(named);
        stray.removeAll(folders);

        row("completions (video.completed)", completions.size());
        row("  by mirror_status", byStatus);
        row("  files they had to copy (videos + last frames)", files + " (" + (files - lastFrames) + " + "
                + lastFrames + ")");
        row("  copies failed for good, by reason (each named on its event)", failedBy);
        row("  failed or unknown without a bounded reason, or off/none (must be 0)", unexplained.size());
        row("  status contradicting its copies and failures (must be 0)", inconsistent.size());
        row("stored copies the completions name", stored);
        row("objects in the bucket", objects.size() - folders.size() + (folders.isEmpty() ? ""
                : " (and " + folders.size() + " folder entries the filesystem backend lists)"));
        row("stored copies missing from the bucket (must be 0)", missing.size());
        row("objects no completion names: strays, second copies (must be 0)", stray.size());
        row("objects whose size or SHA-256 differs from the event (must be 0)", differs.size());
        row("copies whose SHA-256 or size is not the served file's (must be 0)", notServed.size());
        row("copies off the key layout <prefix>/<request id>/<n>.<ext> (must be 0)", offLayout.size());
        row("file transfers sent whole", traffic.sent());
        row("file transfers cut short", traffic.cut());
        traffic.cutByKill().forEach((kill, n) -> row("  copies cut by " + kill, n));
        examples.forEach(e -> note("failed copy: " + e));

        check(unexplained.isEmpty(), "completions whose copies failed without a bounded reason, or with mirroring "
                + "on said otherwise: " + show(unexplained));
        check(inconsistent.isEmpty(), "mirror_status contradicts the copies and failures: " + show(inconsistent));
        check(missing.isEmpty(), "stored copies named by a completion but missing from the bucket: " + show(missing));
        check(stray.isEmpty(), "objects in the bucket no completion names: " + show(stray));
        check(differs.isEmpty(), "objects that differ from their event: " + show(differs));
        check(notServed.isEmpty(), "stored copies that are not the served file: " + show(notServed));
        check(offLayout.isEmpty(), "stored copies off the key layout: " + show(offLayout));
        check(traffic.cutByKill().isEmpty() || traffic.cutByKill().entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(Traffic.NO_KILL) && e.getValue() > 0),
                "no service kill cut a copy short: mirroring was not tested through a crash");
    }
}
