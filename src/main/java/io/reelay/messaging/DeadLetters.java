package io.reelay.messaging;

/** Headers of a record in video.requests.dlq: why it is there and where it came from. */
public final class DeadLetters {

    /** Why the record could not be read. */
    public static final String REASON = "dead-letter-reason";
    /** The class of the error behind the reason. */
    public static final String CAUSE = "dead-letter-cause";
    /** Topic, partition and offset the record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetters() {
    }
}
