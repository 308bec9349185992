package io.reelay.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.jboss.logging.Logger;

import io.reelay.messaging.registry.SchemaRegistryUnavailableException;

/**
 * The tracker's deserialization exception handler: a record of video.tasks that cannot be read is logged and
 * skipped (as {@link LogAndContinueExceptionHandler} does), except when it could not be read only because the schema
 * registry did not answer. Such a record is fine; skipping it would lose a task's lifecycle event, so the tracker
 * stops instead and reads it again once restarted.
 */
public class SkipUndecodableRecords extends LogAndContinueExceptionHandler {

    private static final Logger LOG = Logger.getLogger(SkipUndecodableRecords.class);

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            LOG.errorf("Record %s-%d@%d needs the schema registry, which does not answer: stopping rather than"
                    + " skipping it (%s)", context.topic(), context.partition(), context.offset(),
                    exception.getMessage());
            return DeserializationHandlerResponse.FAIL;
        }
        return super.handle(context, record, exception);
    }
}
