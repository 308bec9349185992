package io.reelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookIdsTest {

    @Test
    void theSameEventAndEndpointAlwaysHaveTheSameId() {
        assertThat(WebhookIds.of("req-1", "video.completed", "subscription:crm"))
                .isEqualTo(WebhookIds.of("req-1", "video.completed", "subscription:crm"))
                .startsWith("msg_").hasSize(30).matches("msg_[A-Za-z0-9_-]{26}");
    }

    @Test
    void anyDifferenceGivesAnotherId() {
        List<String> ids = List.of(WebhookIds.of("req-1", "video.completed", "subscription:crm"),
                WebhookIds.of("req-2", "video.completed", "subscription:crm"),
                WebhookIds.of("req-1", "video.failed", "subscription:crm"),
                WebhookIds.of("req-1", "video.completed", "subscription:cms"),
                WebhookIds.of("req-1", "video.completed", "callback:https://a.example.com/"),
                // Parts are length-prefixed: moving text from one part to the next changes the id.
                WebhookIds.of("req-1v", "ideo.completed", "subscription:crm"));
        assertThat(ids).doesNotHaveDuplicates();
    }
}
