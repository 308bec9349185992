package io.reelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.reelay.catalog.ModelCatalog;
import io.reelay.config.TestConfig;
import io.reelay.events.VideoRequested;
import io.reelay.intake.mapping.RequestMapper;
import io.reelay.intake.validation.RequestValidator;
import io.reelay.lifecycle.poll.DurationClass;

class WorkloadTest {

    private final RequestValidator validator = new RequestValidator(ModelCatalog.load(), TestConfig.defaults().validation());

    @Test
    void everyBenchmarkRequestIsValidSoNoneEndsBeforeTheUpstream() {
        IntStream.range(0, 48).mapToObj(n -> Workload.mixed("m-" + n, n)).forEach(this::assertValid);
        assertValid(Workload.request("t-1", Workload.INSTANT_MODEL, 5, "720p"));
        assertValid(Workload.request("s-1", Workload.SLEEPER_MODEL, 8, "720p"));
    }

    @Test
    void theMixCoversEveryModelClipLengthAndResolution() {
        Set<String> classes = new HashSet<>();
        IntStream.range(0, 24).forEach(n -> classes.add(DurationClass.of("tokenlab", Workload.mixed("m-" + n, n))));
        assertThat(classes).hasSize(Workload.MEDIANS.size() * 2 * 2);
        assertThat(Workload.MEDIANS).as("the throughput and scale parts must not teach the mix's models")
                .doesNotContainKeys(Workload.INSTANT_MODEL, Workload.SLEEPER_MODEL);
    }

    private void assertValid(VideoRequested request) {
        var result = validator.validate(RequestMapper.toDomain(request));
        assertThat(result.errors()).as(request.getModel()).isEmpty();
    }
}
