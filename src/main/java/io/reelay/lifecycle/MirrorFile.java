package io.reelay.lifecycle;

/**
 * One file of a completed task that is copied into object storage: the {@code video}-th video of the completion
 * (from 0), or that video's last frame.
 */
public record MirrorFile(int video, boolean lastFrame) implements Comparable<MirrorFile> {

    /** Every file of {@code videos} videos that is copied: each video, and its last frame where there is one. */
    public static java.util.SortedSet<MirrorFile> of(int videos, java.util.function.IntPredicate hasLastFrame) {
        java.util.TreeSet<MirrorFile> files = new java.util.TreeSet<>();
        for (int i = 0; i < videos; i++) {
            files.add(new MirrorFile(i, false));
            if (hasLastFrame.test(i)) {
                files.add(new MirrorFile(i, true));
            }
        }
        return files;
    }

    /** The name of its kind on events ({@code CopyFailure.file}). */
    public String kind() {
        return lastFrame ? "last_frame" : "video";
    }

    @Override
    public int compareTo(MirrorFile other) {
        return video != other.video ? Integer.compare(video, other.video) : Boolean.compare(lastFrame, other.lastFrame);
    }
}
