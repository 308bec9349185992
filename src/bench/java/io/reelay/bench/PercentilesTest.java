package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void oneToHundredGivesTheNearestRanks() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            values.add(i);
        }
        Collections.shuffle(values, new Random(7));

        Percentiles p = Percentiles.of(values);

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p95()).isEqualTo(95);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void smallSampleRoundsRanksUpToObservedValues() {
        // n = 10: p50 is rank 5, p95 is rank ceil(9.5) = 10, p99 rank 10.
        Percentiles p = Percentiles.of(10L, 1L, 9L, 2L, 8L, 3L, 7L, 4L, 6L, 5L);

        assertThat(p.p50()).isEqualTo(5);
        assertThat(p.p95()).isEqualTo(10);
        assertThat(p.p99()).isEqualTo(10);
        assertThat(p.max()).isEqualTo(10);
        assertThat(p.mean()).isEqualTo(5.5);
    }

    @Test
    void ranksRoundUpNotToTheNearest() {
        // n = 12: p95 is rank ceil(11.4) = 12, where rounding would give 11; p50 is rank 6 exactly.
        long[] values = new long[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i + 1) * 10L;
        }

        Percentiles p = Percentiles.of(values);

        assertThat(p.p50()).isEqualTo(60);
        assertThat(p.p95()).isEqualTo(120);
        assertThat(Percentiles.nearestRank(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 20)).isEqualTo(3);
    }

    @Test
    void aSingleValueIsEveryFigure() {
        Percentiles p = Percentiles.of(42.5);

        assertThat(p).isEqualTo(new Percentiles(1, 42.5, 42.5, 42.5, 42.5, 42.5));
    }

    @Test
    void doublesKeepTheirFractionsAndTheInputIsNotSorted() {
        double[] values = {0.3, 0.1, 0.2};

        Percentiles p = Percentiles.of(values);

        assertThat(values).containsExactly(0.3, 0.1, 0.2);
        assertThat(p.p50()).isEqualTo(0.2);
        assertThat(p.mean()).isCloseTo(0.2, within(1e-12));
        assertThat(p.max()).isEqualTo(0.3);
    }

    @Test
    void aLongTailShowsInP99AndMaxOnly() {
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 985 ? 10 : 1000;
        }

        Percentiles p = Percentiles.of(values);

        assertThat(p.p50()).isEqualTo(10);
        assertThat(p.p95()).isEqualTo(10);
        assertThat(p.p99()).isEqualTo(1000);
        assertThat(p.max()).isEqualTo(1000);
        assertThat(p.mean()).isEqualTo((985 * 10 + 15 * 1000) / 1000.0);
    }

    @Test
    void emptyAndNullSamplesAreEmptyNotErrors() {
        assertThat(Percentiles.of(new long[0])).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.of(new double[0])).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.of(List.<Long>of())).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.of((List<Long>) null)).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.EMPTY.isEmpty()).isTrue();
        assertThat(Percentiles.EMPTY.format()).isEqualTo("n=0 mean=0.00 p50=0.00 p95=0.00 p99=0.00 max=0.00");
    }

    @Test
    void nearestRankRefusesNonsense() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new double[0], 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(new double[] {1}, 100.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Percentiles.nearestRank(new double[] {1, 2, 3}, 100)).isEqualTo(3);
        assertThat(Percentiles.nearestRank(new double[] {1, 2, 3}, 0.1)).isEqualTo(1);
    }
}
