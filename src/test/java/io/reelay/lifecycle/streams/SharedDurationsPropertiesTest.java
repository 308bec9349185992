package io.reelay.lifecycle.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.reelay.config.TestConfig;
import io.reelay.kafka.Topics;
import io.reelay.kafka.avro.AvroSerde;
import io.reelay.lifecycle.poll.DurationFit;
import io.reelay.lifecycle.poll.DurationLearner;
import io.reelay.state.DurationShare;
import io.reelay.state.DurationStats;

/**
 * Whatever video.durations holds (any key, any bytes: random, cut or bit-flipped records, huge ones, another schema,
 * well-formed records whose numbers are NaN, infinite, negative or absurd, classes of any length), each record ends in
 * exactly one bounded outcome, a record that holds together or a short reason to skip it, and never an exception; and
 * whatever is accepted, the polls planned from it are finite, positive times.
 */
class SharedDurationsPropertiesTest {

    private static final String CLASS = "tokenlab|veo3.1|8|720p";
    private final DurationLearner learner = new DurationLearner(TestConfig.defaults().polling());

    @Provide
    Arbitrary<DurationShare> shares() {
        Arbitrary<String> classes = Arbitraries.oneOf(Arbitraries.just(CLASS), Arbitraries.just("tokenlab|veo3.1"),
                Arbitraries.strings().ofMaxLength(400), Arbitraries.strings().withChars("#|").ofMaxLength(5),
                Arbitraries.just("x".repeat(SharedDurations.MAX_CLASS_CHARS + 1)));
        Arbitrary<Double> logs = Arbitraries.oneOf(Arbitraries.doubles().between(-5, 50),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
                        Double.MIN_VALUE, 0.0, 40.0, 100.0));
        return Combinators.combine(classes, Arbitraries.integers().between(-3, 200_000),
                Arbitraries.oneOf(Arbitraries.longs().between(-5, 1_000_000), Arbitraries.of(Long.MAX_VALUE,
                        Long.MIN_VALUE, 0L)), logs, logs, Arbitraries.longs())
                .as((c, partition, samples, mean, variance, at) -> DurationShare.newBuilder().setDurationClass(c)
                        .setPartition(partition).setSamples(samples).setLogMean(mean).setLogVariance(variance)
                        .setUpdatedAt(at).build());
    }

    @Provide
    Arbitrary<byte[]> hostileValues() {
        DurationShare valid = DurationShare.newBuilder().setDurationClass(CLASS).setPartition(1).setSamples(12)
                .setLogMean(Math.log(60_000)).setLogVariance(0.09).setUpdatedAt(1_000).build();
        byte[] good = AvroSerde.of(DurationShare.class).serializer().serialize(Topics.DURATIONS, valid);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, good.length).map(n -> Arrays.copyOf(good, n));
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, good.length * 8 - 1).map(bit -> {
            byte[] copy = good.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            return copy;
        });
        Arbitrary<byte[]> huge = Arbitraries.integers().between(100_000, 2_000_000).map(n -> Arrays.copyOf(good, n));
        Arbitrary<byte[]> otherSchema = Arbitraries.just(AvroSerde.of(DurationStats.class).serializer()
                .serialize("x", DurationLearner.empty(CLASS)));
        Arbitrary<byte[]> structured = shares().map(s -> AvroSerde.of(DurationShare.class).serializer()
                .serialize(Topics.DURATIONS, s));
        return Arbitraries.oneOf(random, cut, flipped, huge, otherSchema, structured, Arbitraries.just(good),
                Arbitraries.just(new byte[0]));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.just(Durations.key(CLASS, 1)), Arbitraries.just(CLASS),
                Arbitraries.strings().ofMaxLength(400).injectNull(0.1));
    }

    @Property(tries = 4000)
    void everyRecordOnTheDurationsTopicEndsInOneBoundedOutcome(@ForAll("hostileValues") byte[] value,
            @ForAll("keys") String key) {
        StringBuilder why = new StringBuilder();
        DurationShare share = SharedDurations.decode(key, value, why);
        if (share != null) {
            assertThat(why).isEmpty();
            assertThat(key).isEqualTo(Durations.key(share.getDurationClass(), share.getPartition()));
            assertThat(share.getDurationClass().length()).isBetween(1, SharedDurations.MAX_CLASS_CHARS);
            assertThat(share.getSamples()).isPositive();
            assertThat(share.getLogMean()).isBetween(0.0, SharedDurations.MAX_LOG);
            assertThat(share.getLogVariance()).isBetween(0.0, SharedDurations.MAX_LOG_VARIANCE);
        } else {
            assertThat(why.length()).isBetween(1, 300);
        }
    }

    /** A structured record is accepted exactly when it holds together, keyed by its own class and partition. */
    @Property(tries = 3000)
    void aWellFormedRecordIsAcceptedUnderItsOwnKeyExactlyWhenItsNumbersAreInRange(
            @ForAll("shares") DurationShare share) {
        byte[] value = AvroSerde.of(DurationShare.class).serializer().serialize(Topics.DURATIONS, share);
        String ownKey = Durations.key(share.getDurationClass(), share.getPartition());
        boolean holds = !share.getDurationClass().isEmpty()
                && share.getDurationClass().length() <= SharedDurations.MAX_CLASS_CHARS
                && share.getPartition() >= 0 && share.getPartition() <= SharedDurations.MAX_PARTITION
                && share.getSamples() >= 1 && share.getSamples() <= SharedDurations.MAX_SAMPLES
                && share.getLogMean() >= 0 && share.getLogMean() <= SharedDurations.MAX_LOG
                && share.getLogVariance() >= 0 && share.getLogVariance() <= SharedDurations.MAX_LOG_VARIANCE;

        StringBuilder why = new StringBuilder();
        assertThat(SharedDurations.decode(ownKey, value, why) != null).as("%s: %s", share, why).isEqualTo(holds);
        assertThat(SharedDurations.decode(ownKey + "0", value, new StringBuilder())).as("another key").isNull();
    }

    /** Whatever the accepted records of a class say, the fit planned from them is finite and its times positive. */
    @Property(tries = 3000)
    void pollsPlannedFromAnyAcceptedRecordsAreFinitePositiveTimes(@ForAll("shareLists") List<DurationShare> shares) {
        List<DurationStats> parts = new ArrayList<>();
        for (DurationShare s : shares) {
            byte[] value = AvroSerde.of(DurationShare.class).serializer().serialize(Topics.DURATIONS, s);
            DurationShare read = SharedDurations.decode(Durations.key(s.getDurationClass(), s.getPartition()), value,
                    new StringBuilder());
            if (read != null) {
                parts.add(DurationStats.newBuilder().setDurationClass(CLASS).setSamples(read.getSamples())
                        .setLogMean(read.getLogMean()).setLogVariance(read.getLogVariance()).setUpdatedAt(0).build());
            }
        }
        assertThatCode(() -> {
            DurationLearner.Pooled pooled = learner.pool(parts);
            DurationFit fit = learner.fit(pooled, pooled, "veo3.1");
            assertThat(Double.isFinite(fit.logMean()) && Double.isFinite(fit.logSd())).isTrue();
            assertThat(fit.quantileMs(0.02)).isGreaterThanOrEqualTo(0);
            assertThat(fit.medianMs()).isPositive();
            DurationFit queue = learner.queueFit(pooled, pooled);
            assertThat(queue == null || Double.isFinite(queue.logSd())).isTrue();
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<List<DurationShare>> shareLists() {
        return shares().list().ofMaxSize(8);
    }
}
