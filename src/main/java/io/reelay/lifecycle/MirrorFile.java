package io.reelay.lifecycle;

/**
 * One file of a completed task that is copied into object storage: the {@code video}-th video of the completion
 * (from 0), or that video's last frame.
 */
public record MirrorFile(int video, boolean lastFrame) implements Comparable<MirrorFile> {

    /** The name of its kind on events ({@code CopyFailure.file}). */
    public String kind() {
        return lastFrame ? "last_frame" : "video";
    }

    @Override
    public int compareTo(MirrorFile other) {
        return video != other.video ? Integer.compare(video, other.video) : Boolean.compare(lastFrame, other.lastFrame);
    }
}
