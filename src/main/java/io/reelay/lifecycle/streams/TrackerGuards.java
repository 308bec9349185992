package io.reelay.lifecycle.streams;

import java.util.function.IntSupplier;

import io.reelay.kafka.InternalKey;
import io.reelay.kafka.RequestOwners;
import io.reelay.kafka.TaskSignatures;

/**
 * What keeps the tracker's inputs honest.
 *
 * @param signatures signs every record the tracker writes to video.tasks and checks every one it reads
 * @param partitions the partition count of video.requests (and of the topics co-partitioned with it), 0 while not
 *     known: with it the tracker sees which records a producer put on a partition that does not own their key
 * @param owners reads the signed owner of a request posted over the HTTP API
 */
public record TrackerGuards(TaskSignatures signatures, IntSupplier partitions, RequestOwners owners) {

    public TrackerGuards(InternalKey key, IntSupplier partitions) {
        this(new TaskSignatures(key), partitions, new RequestOwners(key));
    }

    /** The key the topology tests sign with. */
    public static final String TEST_KEY = "test-only-internal-key-not-for-production-use";

    /** Guards for tests: the test key, and one partition (TopologyTestDriver's). */
    public static TrackerGuards forTests() {
        return new TrackerGuards(InternalKey.of(TEST_KEY), () -> 1);
    }
}
