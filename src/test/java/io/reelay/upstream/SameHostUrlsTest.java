package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameHostUrlsTest {

    private static final String BASE = "https://api.tokenlab.sh";

    @Test
    void relativePollUrlIsResolvedOnTheBaseHost() {
        assertThat(SameHostUrls.resolve(BASE, "/v1/tasks/ldtask_1"))
                .contains("https://api.tokenlab.sh/v1/tasks/ldtask_1");
        assertThat(SameHostUrls.resolve(BASE + "/", "v1/tasks/ldtask_1"))
                .contains("https://api.tokenlab.sh/v1/tasks/ldtask_1");
    }

    @Test
    void relativePollUrlKeepsTheBasePathPrefix() {
        assertThat(SameHostUrls.resolve("http://localhost:8080/simulator/tokenlab", "/v1/tasks/ldtask_1"))
                .contains("http://localhost:8080/simulator/tokenlab/v1/tasks/ldtask_1");
    }

    @Test
    void absoluteUrlOnTheSameOriginIsKept() {
        assertThat(SameHostUrls.resolve(BASE, "https://API.tokenlab.sh:443/v1/tasks/x"))
                .contains("https://API.tokenlab.sh:443/v1/tasks/x");
    }

    @Test
    void absoluteUrlToAnotherHostIsRejected() {
        assertThat(SameHostUrls.resolve(BASE, "https://evil.example/v1/tasks/x")).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "https://api.tokenlab.sh.evil.example/v1/tasks/x")).isEmpty();
    }

    @Test
    void protocolRelativeUrlToAnotherHostIsRejected() {
        assertThat(SameHostUrls.resolve(BASE, "//evil.example/v1/tasks/x")).isEmpty();
    }

    @Test
    void userInfoTrickDoesNotMoveTheHost() {
        assertThat(SameHostUrls.resolve(BASE, "https://api.tokenlab.sh@evil.example/x")).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "@evil.example/x")).contains("https://api.tokenlab.sh/@evil.example/x");
    }

    @Test
    void differentPortOrSchemeIsRejected() {
        assertThat(SameHostUrls.resolve("http://localhost:8080", "http://localhost:8081/v1/tasks/x")).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "http://api.tokenlab.sh/v1/tasks/x")).isEmpty();
    }

    @Test
    void blankOrUnparseableReferenceIsRejected() {
        assertThat(SameHostUrls.resolve(BASE, null)).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "  ")).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "/v1/tasks/a b")).isEmpty();
        assertThat(SameHostUrls.resolve(BASE, "http:/v1/tasks/x")).isEmpty();
    }

    @Test
    void defaultPortsCountAsTheSameOrigin() {
        assertThat(SameHostUrls.sameOrigin("http://localhost", "http://localhost:80/x")).isTrue();
        assertThat(SameHostUrls.sameOrigin("https://api.tokenlab.sh", "https://api.tokenlab.sh:8443/x")).isFalse();
    }
}
