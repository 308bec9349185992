package io.reelay.observability.health;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

/**
 * The tracker's production exception handler, a backstop: every record the tracker writes is bounded below the
 * producer's limit before it is written, so this should never run. If one is refused anyway (too large, or it does
 * not serialize), it is logged and skipped rather than stopping every partition for good; a broker that is away
 * is retried, as Kafka Streams does by default.
 */
public class ContinueOnProductionError implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ContinueOnProductionError.class);

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandlerResponse.RETRY;
        }
        if (exception instanceof RecordTooLargeException) {
            LOG.errorf("A record for %s (%d bytes) was refused as too large and skipped: a bound is missing",
                    record.topic(), record.value() == null ? 0 : record.value().length);
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        return ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        LOG.errorf("A record for %s did not serialize (%s) and was skipped", record.topic(), exception.getMessage());
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs) {
    }
}
