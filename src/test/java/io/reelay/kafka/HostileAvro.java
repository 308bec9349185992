package io.reelay.kafka;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

import io.reelay.config.TestConfig;
import io.reelay.events.FailureReason;
import io.reelay.events.KlingElement;
import io.reelay.events.TaskStatus;
import io.reelay.events.UpstreamErrorDetail;
import io.reelay.events.ValidationError;
import io.reelay.events.VideoCancelRequested;
import io.reelay.events.VideoRequested;
import io.reelay.events.VideoTaskEvent;
import io.reelay.events.VideoTaskEventType;
import io.reelay.kafka.registry.RegistryAvroSerde;
import io.reelay.kafka.registry.SchemaLookups;
import io.reelay.kafka.registry.SchemaRegistryClient;
import io.reelay.testing.registry.FakeSchemaRegistry;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.kafka.avro.BoundedDecoder;

/** Well-formed records of every type Reelay reads, their encodings in both wire formats, and ways to break them. */
final class HostileAvro {

    /** The largest allocation one decode may make, whatever the bytes. */
    static final long MAX_ALLOCATION = 4L * 1024 * 1024;

    /** A wire format: what a producer writes and how Reelay decodes it. */
    enum Format {
        SINGLE_OBJECT, REGISTRY
    }

    /** A record type Reelay reads, on its topic. */
    enum Type {
        REQUEST(Topics.REQUESTS, VideoRequested.class, HostileAvro::request),
        CANCELLATION(Topics.CANCELLATIONS, VideoCancelRequested.class, HostileAvro::cancellation),
        TASK_EVENT(Topics.TASKS, VideoTaskEvent.class, HostileAvro::taskEvent);

        final String topic;
        final Class<? extends SpecificRecord> type;
        final Function<String, SpecificRecord> sample;

        Type(String topic, Class<? extends SpecificRecord> type, Function<String, SpecificRecord> sample) {
            this.topic = topic;
            this.type = type;
            this.sample = sample;
        }
    }

    /** One fake registry for the whole run, and serdes that registered their schemas in it (so they are cached). */
    private static FakeSchemaRegistry registry;
    private static SchemaRegistryClient client;

    private HostileAvro() {
    }

    static synchronized SchemaRegistryClient client() {
        if (client == null) {
            registry = FakeSchemaRegistry.start();
            // Ids up to 50: random bytes name ids the background looks up (404, negative cache) without flooding it.
            client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(2), TestConfig.defaults()
                    .set(c -> c.serialization().lookups().maxPending(), 64)
                    .set(c -> c.serialization().lookups().firstBackoff(), Duration.ofMillis(50))
                    .set(c -> c.serialization().lookups().maxBackoff(), Duration.ofSeconds(1))
                    .set(c -> c.serialization().lookups().maxMissing(), 1000)
                    .set(c -> c.serialization().lookups().maxId(), 50)
                    .serialization().lookups());
        }
        return client;
    }

    private static final Map<String, Object> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] encode(Format format, Type type, SpecificRecord record) {
        Serde serde = (Serde) CACHE.computeIfAbsent("encode " + format + type, k -> switch (format) {
            case SINGLE_OBJECT -> AvroSerde.of(type.type);
            case REGISTRY -> RegistryAvroSerde.of(type.type, client());
        });
        return serde.serializer().serialize(type.topic, record);
    }

    /** The decoder Reelay uses for the type in that format. */
    @SuppressWarnings("unchecked")
    static Function<byte[], Object> decoder(Format format, Type type) {
        return (Function<byte[], Object>) CACHE.computeIfAbsent("decode " + format + type, k -> newDecoder(format,
                type));
    }

    private static Function<byte[], Object> newDecoder(Format format, Type type) {
        return switch (format) {
            case SINGLE_OBJECT -> {
                var deserializer = EventSerdes.singleObject().of(type.type).deserializer();
                yield bytes -> deserializer.deserialize(type.topic, bytes);
            }
            case REGISTRY -> {
                var deserializer = EventSerdes.registry(client()).of(type.type).deserializer();
                yield bytes -> deserializer.deserialize(type.topic, bytes);
            }
        };
    }

    /** Bytes in the wire format's header (marker and schema), the datum after it. */
    static int headerLength(Format format) {
        return format == Format.SINGLE_OBJECT ? 10 : RegistryAvroSerde.HEADER_LENGTH;
    }

    /** An Avro zig-zag varint. */
    static byte[] varint(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    /** {@code prefix}, then {@code length} as a varint, then {@code tail}. */
    static byte[] bomb(byte[] valid, int cut, long length, byte[] tail) {
        byte[] declared = varint(length);
        byte[] out = new byte[cut + declared.length + tail.length];
        System.arraycopy(valid, 0, out, 0, cut);
        System.arraycopy(declared, 0, out, cut, declared.length);
        System.arraycopy(tail, 0, out, cut + declared.length, tail.length);
        return out;
    }

    /**
     * Decodes and checks what a user would notice: a record or a {@link SerializationException} with a short
     * message, never another exception or an Error, never more than {@link #MAX_ALLOCATION} bytes allocated.
     *
     * @return the record, or null if refused
     */
    static Object decodeSafely(Function<byte[], Object> decoder, byte[] bytes) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Object result;
        try {
            result = decoder.apply(bytes);
        } catch (SerializationException e) {
            if (e.getMessage() == null || e.getMessage().length() > BoundedDecoder.MAX_MESSAGE) {
                throw new AssertionError("unbounded message: " + e.getMessage(), e);
            }
            result = null;
        } catch (Throwable e) {
            throw new AssertionError("decoding threw " + e.getClass().getName() + " for "
                    + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)), e);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (allocated > MAX_ALLOCATION) {
            throw new AssertionError("decoding " + bytes.length + " bytes allocated " + allocated + " bytes");
        }
        return result;
    }

    static VideoRequested request(String text) {
        return VideoRequested.newBuilder()
                .setRequestId("r-" + text).setModel("kling-3.0-video").setOperation("reference-to-video")
                .setPrompt("a cat " + text).setImageUrl("https://img.example/" + text + ".png").setImage("data:x")
                .setReferenceImages(List.of("https://img.example/a.png", text))
                .setReferenceVideos(List.of(text)).setReferenceAudios(List.of())
                .setReferenceImageType("asset").setStartImage(text).setEndImage(text).setVideoUrl(text)
                .setAudioUrl(text).setDuration(5).setAspectRatio("16:9").setResolution("1080p").setOutputAudio(true)
                .setKlingElements(List.of(KlingElement.newBuilder().setName("cat").setDescription(text)
                        .setElementInputUrls(List.of("https://img.example/cat.png")).build()))
                .setParameters(Map.of("seed", "42", "style", text)).setMaxWaitSeconds(600)
                .setMetadata(Map.of("customer", "c-42", "k", text))
                .setRequestedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    static VideoCancelRequested cancellation(String text) {
        return VideoCancelRequested.newBuilder().setRequestId("r-" + text).setReason("changed my mind " + text)
                .setRequestedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    static VideoTaskEvent taskEvent(String text) {
        return VideoTaskEvent.newBuilder()
                .setRequestId("r-" + text).setType(VideoTaskEventType.submit_failed)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L)).setProvider("tokenlab")
                .setModel("veo3.1").setOperation("text-to-video").setUpstreamTaskId("t-" + text)
                .setPollUrl("https://up.example/" + text).setStatus(TaskStatus.values()[0]).setRawStatus(text)
                .setProgress(50).setRequestedAt(Instant.ofEpochMilli(1)).setSubmittedAt(Instant.ofEpochMilli(2))
                .setRequest(request(text)).setFailureReason(FailureReason.invalid_request).setFailureMessage(text)
                .setUpstreamError(UpstreamErrorDetail.newBuilder().setHttpStatus(400).setMessage(text).build())
                .setValidationErrors(List.of(ValidationError.newBuilder().setField("duration")
                        .setCode("out_of_range").setMessage(text).setAllowed(List.of("5", "10")).build()))
                .setRetryable(false)
                .build();
    }
}
