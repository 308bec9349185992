package io.reelay.lifecycle.streams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time the tracker reads video.tasks' records by: the earliest possible, so they come before every waiting
 * request. A stream task picks its next record from the input whose head is oldest; by their own timestamps a
 * request's intent and marks, written after a large batch was published, would wait behind all of that batch's
 * admissions, and every submit (another tenant's first one included) with them. A lifecycle record moves work already
 * admitted (often paid) on and costs little; new requests wait for them, never the other way round. No output takes its
 * time from a video.tasks record: every record the tracker writes is stamped with the wall clock.
 */
final class LifecycleFirst implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0;
    }
}
