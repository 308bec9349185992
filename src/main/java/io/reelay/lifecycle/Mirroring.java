package io.reelay.lifecycle;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@link Lifecycle} knows of a request whose upstream task completed while its files are copied into object
 * storage ({@link RequestStage#MIRRORING}, {@link RequestStage#COPYING}). The copies made, and each file's last
 * failure, are kept with the waiting completion in the stored record; here only what the rules read.
 *
 * @param since when the upstream task was seen completed
 * @param giveUpAt when the completion goes out whatever the copies: the earlier of the upstream URLs' expiry and
 *        {@code reelay.mirror.max-wait} after {@code since}
 * @param rounds copy rounds started so far (the back-off grows with them)
 * @param retryAt when the files still to copy are tried (again)
 * @param remaining the files with neither a stored copy nor a failure that no retry can mend
 * @param underWay copies this process has under way for the request (lost in a crash, by design)
 */
public record Mirroring(long since, long giveUpAt, int rounds, long retryAt, SortedSet<MirrorFile> remaining,
        int underWay) {

    public Mirroring {
        remaining = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(remaining));
    }

    /** Mirroring begins: every file is still to copy. */
    static Mirroring begin(long now, long giveUpAt, Set<MirrorFile> files) {
        return new Mirroring(now, giveUpAt, 0, now, new TreeSet<>(files), 0);
    }

    /** A round of copies starts now; after a crash the files left are tried again at {@code resumeAt}. */
    Mirroring roundStarted(long resumeAt) {
        return new Mirroring(since, giveUpAt, rounds + 1, resumeAt, remaining, remaining.size());
    }

    /** {@code file} no longer needs a copy: it has one, or it never will. */
    Mirroring settled(MirrorFile file) {
        TreeSet<MirrorFile> left = new TreeSet<>(remaining);
        left.remove(file);
        return new Mirroring(since, giveUpAt, rounds, retryAt, left, underWay);
    }

    Mirroring retryAt(long at) {
        return new Mirroring(since, giveUpAt, rounds, at, remaining, underWay);
    }
}
