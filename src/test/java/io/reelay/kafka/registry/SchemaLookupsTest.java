package io.reelay.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.reelay.config.TestConfig;
import io.reelay.events.VideoTaskEvent;
import io.reelay.kafka.Topics;
import io.reelay.testing.registry.FakeSchemaRegistry;

/** Schema ids looked up off the stream thread: a registry outage or a missing id never holds a decode. */
class SchemaLookupsTest {

    private final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    private ServerSocket silent;

    @AfterEach
    void stop() throws IOException {
        registry.close();
        if (silent != null) {
            silent.close();
        }
    }

    @Test
    void anIdTheRegistrySaysIsMissingIsNotLookedUpAgainWithinTheTtl() {
        SchemaRegistryClient client = client(registry.url(), Duration.ofMinutes(10));
        RegistryAvroSerde<VideoTaskEvent> serde = RegistryAvroSerde.of(VideoTaskEvent.class, client);
        byte[] missing = record(42);

        assertThatThrownBy(() -> serde.decode(Topics.TASKS, missing)).isInstanceOf(SchemaNotYetAvailableException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.lookups().status(42) == SchemaLookups.Status.MISSING);
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> serde.decode(Topics.TASKS, missing))
                    .isInstanceOfSatisfying(SchemaNotYetAvailableException.class, e -> assertThat(e.isPermanent()).isTrue());
        }

        assertThat(registry.lookups()).as("one call for 101 records").isEqualTo(1);
    }

    @Test
    void aMissingIdIsAskedAgainOnceTheTtlHasPassed() {
        SchemaRegistryClient client = client(registry.url(), Duration.ofMillis(200));
        RegistryAvroSerde<VideoTaskEvent> serde = RegistryAvroSerde.of(VideoTaskEvent.class, client);
        assertThatThrownBy(() -> serde.decode(Topics.TASKS, record(7))).isInstanceOf(SchemaNotYetAvailableException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.lookups().status(7) == SchemaLookups.Status.MISSING);
        int id = registry.register("video.tasks-value", VideoTaskEvent.SCHEMA$);
        assertThat(id).as("the fake numbers from 1").isLessThan(7);

        await().atMost(Duration.ofSeconds(5)).until(() -> client.lookups().status(7) == SchemaLookups.Status.UNKNOWN);
        assertThatThrownBy(() -> serde.decode(Topics.TASKS, record(7)))
                .isInstanceOfSatisfying(SchemaNotYetAvailableException.class, e -> assertThat(e.isPermanent()).isFalse());
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.lookups() == 2);
    }

    @Test
    void aDecodeNeverWaitsForARegistryThatHangs() throws IOException {
        // Accepts connections (the kernel's backlog) and never answers.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SchemaRegistryClient client = new SchemaRegistryClient(
                URI.create("http://127.0.0.1:" + silent.getLocalPort() + FakeSchemaRegistry.BASE_PATH),
                Duration.ofSeconds(30), TestConfig.defaults().serialization().lookups());
        RegistryAvroSerde<VideoTaskEvent> serde = RegistryAvroSerde.of(VideoTaskEvent.class, client);

        long all = System.nanoTime();
        for (int id = 1; id <= 500; id++) {
            byte[] bytes = record(id);
            long start = System.nanoTime();
            assertThatThrownBy(() -> serde.decode(Topics.TASKS, bytes))
                    .isInstanceOfSatisfying(SchemaNotYetAvailableException.class, e -> assertThat(e.isPermanent()).isFalse());
            // Generous for one (a GC pause on a shared CI core), tight for all: no decode waits for an answer.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("id " + id).isLessThan(Duration.ofMillis(250));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - all)).as("500 decodes").isLessThan(Duration.ofMillis(1000));
        assertThat(client.lookups().status(1)).isEqualTo(SchemaLookups.Status.PENDING);
        assertThat(client.lookups().status(500)).as("beyond the ids looked up at a time: later")
                .isEqualTo(SchemaLookups.Status.UNKNOWN);
    }

    @Test
    void anIdNoRegistryAssignsIsRefusedWithoutACall() {
        SchemaRegistryClient client = client(registry.url(), Duration.ofMinutes(10));
        RegistryAvroSerde<VideoTaskEvent> serde = RegistryAvroSerde.of(VideoTaskEvent.class, client);

        for (int id : new int[] {0, -1, Integer.MIN_VALUE, 100_000_001, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> serde.decode(Topics.TASKS, record(id)))
                    .isInstanceOfSatisfying(SchemaNotYetAvailableException.class, e -> assertThat(e.isPermanent()).isTrue())
                    .hasMessageContaining("outside the ids");
        }
        assertThat(registry.lookups()).isZero();
    }

    @Test
    void reelaysOwnSchemasRegisteredAtStartUpAreReadWhileTheRegistryIsDown() {
        SchemaRegistryClient client = client(registry.url(), Duration.ofMinutes(10));
        RegistryAvroSerde<VideoTaskEvent> serde = RegistryAvroSerde.of(VideoTaskEvent.class, client);
        byte[] own = serde.encode(Topics.TASKS, VideoTaskEvent.newBuilder().setRequestId("r-1")
                .setType(io.reelay.events.VideoTaskEventType.created).setOccurredAt(java.time.Instant.EPOCH)
                .setProvider("tokenlab").setModel("veo3.1").build());
        registry.down(true);

        assertThat(serde.decode(Topics.TASKS, own).getRequestId()).isEqualTo("r-1");
        assertThat(client.lookups().isKnown(ByteBuffer.wrap(own, 1, 4).getInt())).isTrue();
    }

    private static SchemaRegistryClient client(URI url, Duration missingTtl) {
        return new SchemaRegistryClient(url, Duration.ofSeconds(2), TestConfig.defaults()
                .set(c -> c.serialization().lookups().firstBackoff(), Duration.ofMillis(20))
                .set(c -> c.serialization().lookups().maxBackoff(), Duration.ofMillis(200))
                .set(c -> c.serialization().lookups().missingTtl(), missingTtl)
                .set(c -> c.serialization().lookups().maxMissing(), 100)
                .serialization().lookups());
    }

    /** A record in the registry's wire format naming this schema id. */
    private static byte[] record(int id) {
        return ByteBuffer.allocate(8).put((byte) 0).putInt(id).put(new byte[] {2, 'x', 0}).array();
    }
}
