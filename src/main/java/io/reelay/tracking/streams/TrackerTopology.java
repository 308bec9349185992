package io.reelay.tracking.streams;

import java.util.concurrent.Semaphore;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

import io.reelay.events.VideoCompleted;
import io.reelay.events.VideoFailed;
import io.reelay.events.VideoTaskEvent;
import io.reelay.messaging.AvroSerde;
import io.reelay.messaging.Topics;
import io.reelay.tracking.config.TrackerSettings;
import io.reelay.tracking.metrics.TrackerMetrics;
import io.reelay.upstream.VideoProvider;

/**
 * The task tracker: reads the task lifecycle from video.tasks, keeps every in-flight request in a
 * persistent store, polls the upstream on a wall-clock schedule, and writes status changes back to
 * video.tasks and exactly one terminal event to video.completed or video.failed.
 */
public final class TrackerTopology {

    public static final String SOURCE = "video-tasks-source";
    public static final String TRACKER = "task-tracker";
    public static final String TASKS_SINK = "video-tasks-sink";
    public static final String COMPLETED_SINK = "video-completed-sink";
    public static final String FAILED_SINK = "video-failed-sink";

    private TrackerTopology() {
    }

    /**
     * Builds the topology. Pure: everything it needs comes in as arguments.
     *
     * @param settings polling, deadline and retention settings
     * @param providers upstream provider by name (as recorded on each task)
     * @param metrics where the tracker counts what it sees
     */
    public static Topology buildTopology(TrackerSettings settings, Function<String, VideoProvider> providers,
            TrackerMetrics metrics) {
        // One permit pool for the whole instance: the bound is on concurrent HTTP polls, not per partition.
        Semaphore pollPermits = new Semaphore(settings.maxConcurrentPolls());
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(),
                AvroSerde.of(VideoTaskEvent.class).deserializer(), Topics.TASKS);
        topology.addProcessor(TRACKER, new TaskTrackerSupplier(settings, providers, pollPermits, metrics), SOURCE);
        topology.addSink(TASKS_SINK, Topics.TASKS, Serdes.String().serializer(),
                AvroSerde.of(VideoTaskEvent.class).serializer(), TRACKER);
        topology.addSink(COMPLETED_SINK, Topics.COMPLETED, Serdes.String().serializer(),
                AvroSerde.of(VideoCompleted.class).serializer(), TRACKER);
        topology.addSink(FAILED_SINK, Topics.FAILED, Serdes.String().serializer(),
                AvroSerde.of(VideoFailed.class).serializer(), TRACKER);
        return topology;
    }
}
