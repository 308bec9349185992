package io.reelay.kafka;

/**
 * Headers of a record in video.requests.dlq: why it is there and where it came from. Every record of the three
 * topics Reelay reads (video.requests, video.cancellations, video.tasks) that is neither admitted nor answered by a
 * video.failed event ends here, once, with a code from {@link Code} and a bounded text.
 */
public final class DeadLetters {

    /** Why the record was not taken, in words (at most {@link #MAX_REASON_CHARS} characters). */
    public static final String REASON = "dead-letter-reason";
    /** Why, as one of {@link Code}'s names: a closed list consumers can switch on. */
    public static final String CODE = "dead-letter-code";
    /** The class of the error behind the reason, when there was one. */
    public static final String CAUSE = "dead-letter-cause";
    /** Topic, partition and offset the record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Hex SHA-256 of the original value and of the original key, when either had to be cut to fit. */
    public static final String VALUE_SHA256 = "dead-letter-value-sha256";
    public static final String KEY_SHA256 = "dead-letter-key-sha256";
    /** The original value's and key's size in bytes, when either had to be cut. */
    public static final String VALUE_SIZE = "dead-letter-value-size";
    public static final String KEY_SIZE = "dead-letter-key-size";

    public static final int MAX_REASON_CHARS = 500;

    /** Why a record was dead-lettered. */
    public enum Code {
        /** The value is not a readable record of its topic (bytes, JSON or Avro that does not decode). */
        undecodable,
        /** A record with no value on a topic where that means nothing (video.requests, video.tasks). */
        tombstone,
        /** No key: a request's key must be its request_id. */
        no_key,
        /** The key is not a usable request id (too long, or characters outside the safe set). */
        invalid_key,
        /** The key and the request_id in the value differ. */
        key_mismatch,
        /** A request whose id is already in flight or has ended within the retention: never submitted twice. */
        duplicate_request,
        /** A cancellation of a request that has already ended, or is already being cancelled. */
        already_ended,
        /** A record on video.tasks that Reelay did not sign: it never moves a request or pays for one. */
        unauthenticated,
        /** A signed lifecycle record about a request this partition does not hold. */
        unknown_request,
        /** The schema registry could not say what the record's schema is. */
        schema_unavailable,
        /** Reelay failed on the record (a bug): the record is kept here, the pipeline goes on. */
        internal_error
    }

    private DeadLetters() {
    }
}
