package io.reelay.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The dashboard's Content-Security-Policy: its own script only, videos from https and the storage endpoint alone. */
class DashboardHeadersTest {

    @Test
    void noInlineScriptNoOtherOriginAndTheStorageEndpointForVideos() {
        String policy = DashboardHeaders.policy(Optional.of(URI.create("http://127.0.0.1:8333")));
        assertThat(policy).contains("default-src 'none'", "script-src 'self';", "connect-src 'self';",
                "media-src 'self' https: http://127.0.0.1:8333;", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void anHttpsOrAbsentEndpointAddsNoSource() {
        assertThat(DashboardHeaders.policy(Optional.of(URI.create("https://s3.example.com"))))
                .contains("media-src 'self' https:;");
        assertThat(DashboardHeaders.policy(Optional.empty())).contains("media-src 'self' https:;");
    }
}
