package io.reelay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.Test;

import io.reelay.kafka.registry.SchemaNotYetAvailableException;
import io.reelay.kafka.registry.SchemaRegistryUnavailableException;
import io.reelay.kafka.avro.BoundedDecoder;

/** The backstop: no record that cannot be read stops Kafka Streams, and a flood of them does not flood the log. */
class SkipUndecodableRecordsTest {

    private final SkipUndecodableRecords handler = new SkipUndecodableRecords();

    @Test
    void everyUnreadableRecordIsSkippedEvenWhenTheRegistryDoesNotAnswer() {
        for (Exception failure : List.of(new SerializationException("bad"),
                new SchemaNotYetAvailableException(7, false, "not yet"),
                new SchemaNotYetAvailableException(7, true, "missing"),
                new SchemaRegistryUnavailableException("down", null),
                new SerializationException(new SchemaRegistryUnavailableException("down", null)),
                new IllegalStateException((String) null))) {
            assertThat(handler.handle(context(), record(), failure)).as(failure.toString())
                    .isEqualTo(DeserializationHandlerResponse.CONTINUE);
        }
    }

    @Test
    void aFloodOfUnreadableRecordsLogsAFewShortLines() {
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(SkipUndecodableRecords.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord line) {
                lines.add(line);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        SerializationException huge = new SerializationException("x".repeat(100_000));
        try {
            for (int i = 0; i < 10_000; i++) {
                handler.handle(context(), record(), huge);
            }
            assertThat(lines).as("at most one line per interval").hasSizeLessThanOrEqualTo(1);
            // The capture sees this category's lines (so the count above can fail).
            org.jboss.logging.Logger.getLogger(SkipUndecodableRecords.class).warn("probe");
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(lines).last().extracting(LogRecord::getMessage).isEqualTo("probe");
        assertThat(lines).allSatisfy(line -> assertThat(line.getParameters() == null ? List.of()
                : List.of(line.getParameters())).allSatisfy(value -> assertThat(String.valueOf(value)).hasSizeLessThan(
                        BoundedDecoder.MAX_MESSAGE + 100)));
    }

    private static ConsumerRecord<byte[], byte[]> record() {
        return new ConsumerRecord<>(Topics.TASKS, 0, 1L, new byte[] {1}, new byte[] {0, 0});
    }

    private static ErrorHandlerContext context() {
        return (ErrorHandlerContext) Proxy.newProxyInstance(ErrorHandlerContext.class.getClassLoader(),
                new Class<?>[] {ErrorHandlerContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "topic" -> Topics.TASKS;
                    case "partition" -> 0;
                    case "offset", "timestamp" -> 1L;
                    default -> null;
                });
    }
}
