package io.reelay.lifecycle.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

import io.reelay.kafka.DeadLetters.Code;
import io.reelay.kafka.RecordLimits;
import io.reelay.kafka.RequestIds;
import io.reelay.kafka.TaskSignatures;
import io.reelay.kafka.Topics;

/**
 * What a record read by the tracker is, before anything is done with it: a request, a cancellation or a signed
 * lifecycle record for this partition, a record to move to the partition that owns its key, or a refusal. Pure.
 */
final class Inputs {

    /** The header naming the topic a record of video.rerouted was first read from. */
    static final String REROUTED_FROM = "reelay-rerouted-from";

    sealed interface Input permits Request, Cancellation, TaskRecord, Reroute, Refusal {
    }

    /** A record of video.requests for this partition, keyed by a valid request id. */
    record Request(String requestId, byte[] value) implements Input {
    }

    /** A record of video.cancellations for this partition, keyed by a valid request id; the value may be empty. */
    record Cancellation(String requestId, byte[] value) implements Input {
    }

    /** A record of video.tasks that Reelay signed, keyed by a valid request id. */
    record TaskRecord(String requestId, byte[] value) implements Input {
    }

    /** A request or cancellation on a partition that does not own its key: to be written to the one that does. */
    record Reroute(String from) implements Input {
    }

    /** A record that goes to the dead-letter topic. */
    record Refusal(Code code, String reason) implements Input {
    }

    private final TaskSignatures signatures;

    Inputs(TaskSignatures signatures) {
        this.signatures = signatures;
    }

    /**
     * @param partition the partition the record was read from, -1 if not known
     * @param partitions the partition count of the co-partitioned topics, 0 if not known
     */
    Input classify(String topic, int partition, int partitions, String key, byte[] value, Headers headers) {
        return switch (topic) {
            case Topics.REQUESTS -> request(partition, partitions, key, value, false);
            case Topics.CANCELLATIONS -> cancellation(partition, partitions, key, value, false);
            case Topics.TASKS -> task(key, value, headers);
            case Topics.REROUTED -> rerouted(partition, partitions, key, value, headers);
            default -> new Refusal(Code.internal_error, "read from a topic the tracker does not know: "
                    + RecordLimits.quote(topic));
        };
    }

    private static Input request(int partition, int partitions, String key, byte[] value, boolean rerouted) {
        if (value == null) {
            return new Refusal(Code.tombstone, "a record without a value is not a request (tombstones mean nothing on "
                    + Topics.REQUESTS + ")");
        }
        Refusal keyProblem = keyProblem(key, "a request");
        if (keyProblem != null) {
            return keyProblem;
        }
        if (misplaced(key, partition, partitions)) {
            return rerouted ? wrongAfterReroute(key) : new Reroute(Topics.REQUESTS);
        }
        return new Request(key, value);
    }

    /** A cancellation's value is optional: the key alone cancels, so an empty or null value is fine. */
    private static Input cancellation(int partition, int partitions, String key, byte[] value, boolean rerouted) {
        Refusal keyProblem = keyProblem(key, "a cancellation");
        if (keyProblem != null) {
            return keyProblem;
        }
        if (misplaced(key, partition, partitions)) {
            return rerouted ? wrongAfterReroute(key) : new Reroute(Topics.CANCELLATIONS);
        }
        return new Cancellation(key, value);
    }

    private Input task(String key, byte[] value, Headers headers) {
        if (value == null) {
            return new Refusal(Code.tombstone, "a record without a value on " + Topics.TASKS);
        }
        Refusal keyProblem = keyProblem(key, "a lifecycle record");
        if (keyProblem != null) {
            return keyProblem;
        }
        if (!signatures.verify(headers, value)) {
            return new Refusal(Code.unauthenticated, "not signed with Reelay's internal key: a record on "
                    + Topics.TASKS + " that Reelay did not write never moves a request or pays for one");
        }
        return new TaskRecord(key, value);
    }

    private static Input rerouted(int partition, int partitions, String key, byte[] value, Headers headers) {
        Header from = headers == null ? null : headers.lastHeader(REROUTED_FROM);
        String origin = from == null || from.value() == null ? "" : new String(from.value(), StandardCharsets.UTF_8);
        return switch (origin) {
            case Topics.REQUESTS -> request(partition, partitions, key, value, true);
            case Topics.CANCELLATIONS -> cancellation(partition, partitions, key, value, true);
            default -> new Refusal(Code.undecodable, "a record on " + Topics.REROUTED + " must name its origin ("
                    + Topics.REQUESTS + " or " + Topics.CANCELLATIONS + ") in its " + REROUTED_FROM + " header");
        };
    }

    private static Refusal keyProblem(String key, String what) {
        if (key == null) {
            return new Refusal(Code.no_key, what + " must be keyed by its request id; this record has no key");
        }
        String problem = RequestIds.problem(key);
        return problem == null ? null : new Refusal(Code.invalid_key, "the key is not a usable request id: " + problem);
    }

    /** The Java client's default partitioner: murmur2 of the key's bytes. */
    static boolean misplaced(String key, int partition, int partitions) {
        return partitions > 0 && partition >= 0 && owner(key, partitions) != partition;
    }

    static int owner(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Only when the partition count changed under a running tracker: moving it again could go on forever. */
    private static Refusal wrongAfterReroute(String key) {
        return new Refusal(Code.internal_error, "request " + RecordLimits.quote(key) + " was moved to partition "
                + "that does not own it either: the partition counts of the input topics differ");
    }
}
