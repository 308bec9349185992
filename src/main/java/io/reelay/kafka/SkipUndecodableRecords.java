package io.reelay.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;
import io.reelay.kafka.avro.BoundedDecoder;

/**
 * The backstop deserialization exception handler of the tracker: a record that cannot be read is skipped, always.
 * The tracker reads its topics as bytes and decodes (or parks, or dead-letters) each record itself, so a failure here
 * means a serde outside that path; stopping Kafka Streams for it would stop every request behind it, and under
 * exactly-once the same record would stop every restart. Kafka Streams counts each skip in its
 * {@code dropped-records} metric.
 *
 * <p>Logs at most one line per {@link #LOG_INTERVAL_SECONDS} seconds (with the number skipped since), each at most
 * about 500 characters: a flood of bad records must not flood the log.
 */
public class SkipUndecodableRecords implements DeserializationExceptionHandler {

    static final long LOG_INTERVAL_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(SkipUndecodableRecords.class);
    /** Shared by every stream thread's instance. */
    private static final AtomicLong NEXT_LOG = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong SKIPPED_SINCE_LOG = new AtomicLong();

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        long skipped = SKIPPED_SINCE_LOG.incrementAndGet();
        long now = System.nanoTime();
        long next = NEXT_LOG.get();
        if ((next == Long.MIN_VALUE || now - next >= 0)
                && NEXT_LOG.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS))) {
            SKIPPED_SINCE_LOG.addAndGet(-skipped);
            String message = exception == null ? "" : exception.getClass().getSimpleName() + ": "
                    + BoundedDecoder.bounded(String.valueOf(exception.getMessage()));
            LOG.warnf("Skipped a record that cannot be read, %s-%d@%d: %s (%d skipped since the last such line, at most one every %d s)",
                    context == null ? "?" : context.topic(), context == null ? -1 : context.partition(),
                    context == null ? -1 : context.offset(), message, skipped, LOG_INTERVAL_SECONDS);
        }
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
