package io.reelay.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The raw Kafka round-trip floor on a broker: how many records per second go from a producer, through the broker,
 * to a consumer, with nothing of Reelay in between. The service can not move requests faster than its broker moves
 * records, so the benchmark states its own rate beside this one.
 *
 * <p>The clients are set up the way the service's are where it matters for speed: an idempotent producer with
 * {@code acks=all}, a little batching ({@code linger.ms=5}, 64 KiB batches), String keys and byte[] values of about
 * the size of a request (300 bytes); a {@code read_committed} consumer from the earliest offset. The consumer is
 * assigned every partition and positioned before the first send, in a thread of its own, so the round trip is
 * timed from the first send to the last record consumed, and the producer's rate, from the first send to the last
 * acknowledgement, is reported beside it.
 *
 * <p>Every run makes a fresh topic with a unique name and deletes it afterwards.
 */
public final class KafkaFloor {

    /** About the size of a serialized generation request. */
    public static final int VALUE_BYTES = 300;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;

    /** @param bootstrapServers the broker's {@code bootstrap.servers} */
    public KafkaFloor(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * What one run measured.
     *
     * @param consumed records the consumer read before the run ended: {@code records} unless it timed out
     * @param producerTime from the first send to the last acknowledgement
     * @param roundTripTime from the first send to the last record consumed (to the timeout if some never came)
     * @param producedPerSecond {@code records / producerTime}
     * @param roundTripPerSecond {@code consumed / roundTripTime}: the floor
     */
    public record Result(String topic, int partitions, int records, int valueBytes, long consumed,
            Duration producerTime, Duration roundTripTime, double producedPerSecond, double roundTripPerSecond) {

        public boolean complete() {
            return consumed == records;
        }

        /** One line for logs. */
        public String format() {
            return String.format(Locale.ROOT, "Kafka floor: %,.0f records/s round trip (%d of %d consumed in %d ms), "
                    + "producer alone %,.0f records/s (%d ms); %d partitions, %d-byte values", roundTripPerSecond,
                    consumed, records, roundTripTime.toMillis(), producedPerSecond, producerTime.toMillis(),
                    partitions, valueBytes);
        }
    }

    /** {@link #run(int, int, Duration)} with a two-minute limit. */
    public Result run(int records, int partitions) throws InterruptedException {
        return run(records, partitions, Duration.ofMinutes(2));
    }

    /**
     * Creates the topic, sends {@code records} records as fast as the producer takes them, waits until the
     * consumer has them all or {@code timeout} has passed since the first send, deletes the topic.
     *
     * @throws IllegalStateException when the topic can not be created or a send fails
     */
    public Result run(int records, int partitions, Duration timeout) throws InterruptedException {
        if (records < 1 || partitions < 1) {
            throw new IllegalArgumentException("records and partitions must be positive");
        }
        String topic = "bench-floor-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all(), "create " + topic);
            try {
                return measure(topic, records, partitions, timeout);
            } finally {
                await(admin.deleteTopics(List.of(topic)).all(), "delete " + topic);
            }
        }
    }

    private Result measure(String topic, int records, int partitions, Duration timeout) throws InterruptedException {
        byte[] value = new byte[VALUE_BYTES];
        new Random(1).nextBytes(value);
        AtomicLong consumed = new AtomicLong();
        AtomicLong lastConsumedAt = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        CountDownLatch positioned = new CountDownLatch(1);
        CountDownLatch allConsumed = new CountDownLatch(1);

        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    all.add(new TopicPartition(topic, p));
                }
                consumer.assign(all);
                consumer.seekToBeginning(all);
                // Resolves the offsets now (waiting for the new topic's metadata), not on the first timed poll.
                all.forEach(consumer::position);
                positioned.countDown();
                while (!stop.get()) {
                    ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                    if (!batch.isEmpty() && consumed.addAndGet(batch.count()) >= records) {
                        lastConsumedAt.set(System.nanoTime());
                        allConsumed.countDown();
                        return;
                    }
                }
            } catch (Throwable e) {
                consumerFailure.set(e);
            } finally {
                positioned.countDown();
                allConsumed.countDown();
            }
        }, "kafka-floor-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();

        try {
            if (!positioned.await(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || consumerFailure.get() != null) {
                throw new IllegalStateException("The consumer of " + topic + " could not start",
                        consumerFailure.get());
            }
            AtomicLong acked = new AtomicLong();
            AtomicLong lastAckAt = new AtomicLong();
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            long firstSend;
            try (KafkaProducer<String, byte[]> producer = producer()) {
                // Metadata fetched before the clock starts, as a running service has it.
                producer.partitionsFor(topic);
                firstSend = System.nanoTime();
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, "request-" + i, value), (metadata, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                        if (acked.incrementAndGet() == records) {
                            lastAckAt.set(System.nanoTime());
                        }
                    });
                }
                producer.flush();
            }
            if (sendFailure.get() != null) {
                throw new IllegalStateException("A send to " + topic + " failed", sendFailure.get());
            }
            long deadline = firstSend + timeout.toNanos();
            allConsumed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (consumerFailure.get() != null) {
                throw new IllegalStateException("The consumer of " + topic + " failed", consumerFailure.get());
            }
            long end = lastConsumedAt.get() != 0 ? lastConsumedAt.get() : System.nanoTime();
            Duration producerTime = Duration.ofNanos(lastAckAt.get() - firstSend);
            Duration roundTrip = Duration.ofNanos(end - firstSend);
            long got = Math.min(consumed.get(), records);
            return new Result(topic, partitions, records, VALUE_BYTES, consumed.get(), producerTime, roundTrip,
                    records / seconds(producerTime), got / seconds(roundTrip));
        } finally {
            stop.set(true);
            consumerThread.join(10_000);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.CLIENT_ID_CONFIG, "kafka-floor-producer"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "kafka-floor-consumer"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static double seconds(Duration d) {
        return Math.max(1, d.toNanos()) / 1e9;
    }

    private static void await(org.apache.kafka.common.KafkaFuture<Void> future, String what)
            throws InterruptedException {
        try {
            future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not " + what + " within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
        }
    }
}
