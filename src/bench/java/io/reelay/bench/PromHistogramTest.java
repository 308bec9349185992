package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromHistogramTest {

    private static final String TEXT = String.join("\n",
            "# TYPE reelay_tracker_mark_read_back_seconds histogram",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"sending\",le=\"0.1\"} 10",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"sending\",le=\"0.5\"} 90",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"sending\",le=\"2.0\"} 99",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"sending\",le=\"+Inf\"} 100",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"submitting\",le=\"0.1\"} 5",
            "reelay_tracker_mark_read_back_seconds_bucket{mark=\"submitting\",le=\"+Inf\"} 5",
            "reelay_tracker_mark_read_back_seconds_count{mark=\"sending\"} 100");

    @Test
    void quantilesFallUnderTheirBucketsBound() {
        PromHistogram sending = PromHistogram.of(TEXT, "reelay_tracker_mark_read_back_seconds", "mark=\"sending\"");
        assertThat(sending.count()).isEqualTo(100);
        assertThat(sending.atMost(0.05)).isEqualTo(0.1);
        assertThat(sending.atMost(0.5)).isEqualTo(0.5);
        assertThat(sending.atMost(0.99)).isEqualTo(2.0);
        assertThat(sending.atMost(1.0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(PromHistogram.of(TEXT, "reelay_tracker_mark_read_back_seconds", "mark=\"submitting\"").count())
                .isEqualTo(5);
    }

    @Test
    void aHistogramNotThereIsEmpty() {
        PromHistogram none = PromHistogram.of(TEXT, "reelay_upstream_call_paced_seconds", "provider=\"tokenlab\"");
        assertThat(none.count()).isZero();
        assertThat(none.atMost(0.5)).isNaN();
    }
}
