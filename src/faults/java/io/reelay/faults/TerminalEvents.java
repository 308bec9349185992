package io.reelay.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.reelay.events.CopyFailure;
import io.reelay.events.StoredCopy;
import io.reelay.events.VideoAsset;
import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.kafka.Topics;
import io.reelay.lifecycle.Lifecycle;
import io.reelay.testing.kafka.SingleObjectAvro;

/**
 * Every committed terminal event (video.completed, video.failed, read_committed) of the requests whose id starts
 * with a prefix, gathered incrementally: each {@link #catchUp} reads up to the current end of both topics. Not
 * thread-safe; one thread reads.
 */
final class TerminalEvents implements AutoCloseable {

    /**
     * One terminal event as a consumer of the product sees it.
     *
     * @param writtenAt the record's timestamp (epoch ms): when the service wrote it
     * @param mirror what a completion says of its stored copies; null on a failure
     */
    record Terminal(String requestId, boolean completed, String reason, String upstreamTaskId, String topic,
            int partition, long offset, String message, long writtenAt, Mirror mirror) {

        Terminal(String requestId, boolean completed, String reason, String upstreamTaskId, String topic,
                int partition, long offset, String message) {
            this(requestId, completed, reason, upstreamTaskId, topic, partition, offset, message, 0, null);
        }

        /** {@code video.completed} or {@code video.failed}: the webhook's event type. */
        String type() {
            return completed ? "video.completed" : "video.failed";
        }

        /** An unknown outcome the outcome check left: a mark without an answer, never a call that timed out. */
        boolean answerNeverRecorded() {
            return message != null && message.startsWith(Lifecycle.ANSWER_NEVER_RECORDED);
        }
    }

    /**
     * A completion's account of its copies.
     *
     * @param status {@code mirror_status} as written (null when the event has none)
     * @param files the files it had to copy: every video, and every last frame the upstream gave
     * @param stored the copies it names
     * @param failures the files it says have no copy
     */
    record Mirror(String status, List<FileRef> files, List<StoredFile> stored, List<CopyFailed> failures) {

        static Mirror of(VideoCompleted c) {
            List<FileRef> files = new ArrayList<>();
            List<StoredFile> stored = new ArrayList<>();
            List<VideoAsset> videos = c.getVideos() == null ? List.of() : c.getVideos();
            for (int i = 0; i < videos.size(); i++) {
                VideoAsset v = videos.get(i);
                files.add(new FileRef(i, false));
                if (v.getStored() != null) {
                    stored.add(StoredFile.of(i, false, v.getStored()));
                }
                if (v.getLastFrameUrl() != null) {
                    files.add(new FileRef(i, true));
                }
                if (v.getLastFrameStored() != null) {
                    stored.add(StoredFile.of(i, true, v.getLastFrameStored()));
                }
            }
            List<CopyFailed> failures = new ArrayList<>();
            if (c.getMirrorFailures() != null) {
                for (CopyFailure f : c.getMirrorFailures()) {
                    failures.add(new CopyFailed(new FileRef(f.getVideoIndex(), "last_frame".equals(f.getFile())),
                            f.getFile(), f.getReason(), f.getMessage(), f.getAttempts()));
                }
            }
            return new Mirror(c.getMirrorStatus() == null ? null : c.getMirrorStatus().name(), files, stored,
                    failures);
        }
    }

    /** A video of a completion ({@code lastFrame} false) or its last frame. */
    record FileRef(int videoIndex, boolean lastFrame) {
    }

    /** A stored copy as the event names it. */
    record StoredFile(FileRef file, String bucket, String key, long size, String sha256) {

        static StoredFile of(int index, boolean lastFrame, StoredCopy copy) {
            return new StoredFile(new FileRef(index, lastFrame), copy.getBucket(), copy.getKey(),
                    copy.getSizeBytes(), copy.getSha256());
        }
    }

    /** A file the event says has no copy, and why. */
    record CopyFailed(FileRef file, String fileName, String reason, String message, int attempts) {
    }

    private final String prefix;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, List<Terminal>> byRequest = new HashMap<>();

    TerminalEvents(String bootstrapServers, String prefix) {
        this.prefix = prefix;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads until the position of every partition reaches its end (the last stable offset, at read_committed).
     *
     * @return false if the broker could not be reached or the end not reached within {@code within}
     */
    boolean catchUp(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            if (partitions.isEmpty()) {
                for (String topic : List.of(Topics.COMPLETED, Topics.FAILED)) {
                    consumer.partitionsFor(topic, within).forEach(p -> partitions.add(new TopicPartition(topic,
                            p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, within);
            while (System.nanoTime() < deadline) {
                if (partitions.stream().allMatch(p -> consumer.position(p, within) >= ends.get(p))) {
                    return true;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
            }
            return false;
        } catch (KafkaException e) {
            // The broker may be down on purpose; the next catch-up tries again.
            return false;
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !record.key().startsWith(prefix)) {
            return;
        }
        Terminal terminal;
        if (record.topic().equals(Topics.COMPLETED)) {
            VideoCompleted c = SingleObjectAvro.decode(record.value(), VideoCompleted.class);
            terminal = new Terminal(record.key(), true, null, c.getUpstreamTaskId(), record.topic(),
                    record.partition(), record.offset(), null, record.timestamp(), Mirror.of(c));
        } else {
            VideoFailed f = SingleObjectAvro.decode(record.value(), VideoFailed.class);
            terminal = new Terminal(record.key(), false, String.valueOf(f.getReason()), f.getUpstreamTaskId(),
                    record.topic(), record.partition(), record.offset(), f.getMessage(), record.timestamp(), null);
        }
        byRequest.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(terminal);
    }

    /** Request ids with at least one terminal event. */
    int requestsEnded() {
        return byRequest.size();
    }

    Map<String, List<Terminal>> byRequest() {
        return byRequest;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
