package io.reelay.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** What a user of the tracker may rely on, whatever an upstream answered: every value within its bound. */
public final class AnswerBounds {

    /** The longest exception message a failed call may carry (its error's fields, and a few words around them). */
    public static final int MAX_EXCEPTION_MESSAGE = 2 * UpstreamBounds.MAX_MESSAGE_CHARS;

    private AnswerBounds() {
    }

    public static void assertWithin(TaskReport report) {
        assertThat(report.status()).isNotNull();
        assertText(report.rawStatus(), UpstreamBounds.MAX_STATUS_CHARS);
        if (report.progress() != null) {
            assertThat(report.progress()).isBetween(0, 100);
        }
        assertThat(report.videos()).hasSizeLessThanOrEqualTo(UpstreamBounds.MAX_VIDEOS);
        report.videos().forEach(AnswerBounds::assertWithin);
        if (report.updatedAt() != null) {
            assertThat(report.updatedAt()).isBetween(UpstreamBounds.EARLIEST, UpstreamBounds.LATEST);
            assertThat(report.updatedAt().toEpochMilli()).as("fits epoch milliseconds").isPositive();
        }
        if (report.error() != null) {
            assertWithin(report.error());
        }
        if (report.upstreamAnswer() != null) {
            byte[] utf8 = report.upstreamAnswer().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(utf8.length).isLessThanOrEqualTo(UpstreamAnswer.MAX_BYTES);
            assertThat(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).as("valid UTF-8")
                    .isEqualTo(report.upstreamAnswer());
            assertText(report.upstreamAnswer(), UpstreamAnswer.MAX_BYTES);
        }
    }

    public static void assertWithin(VideoOutput video) {
        assertUrl(video.url());
        if (video.lastFrameUrl() != null) {
            assertUrl(video.lastFrameUrl());
        }
        if (video.durationSeconds() != null) {
            assertThat(video.durationSeconds()).isBetween(0.0, UpstreamBounds.MAX_VIDEO_SECONDS);
        }
        if (video.width() != null) {
            assertThat(video.width()).isBetween(1, UpstreamBounds.MAX_VIDEO_PIXELS);
        }
        if (video.height() != null) {
            assertThat(video.height()).isBetween(1, UpstreamBounds.MAX_VIDEO_PIXELS);
        }
        if (video.fileSizeBytes() != null) {
            assertThat(video.fileSizeBytes()).isBetween(0L, UpstreamBounds.MAX_FILE_BYTES);
        }
        assertText(video.contentType(), UpstreamBounds.MAX_CODE_CHARS);
        assertText(video.fileName(), UpstreamBounds.MAX_NAME_CHARS);
    }

    public static void assertWithin(SubmittedTask task) {
        assertThat(UpstreamBounds.usableTaskId(task.upstreamTaskId())).as("task id %s", task.upstreamTaskId()).isTrue();
        if (task.pollUrl() != null) {
            assertUrl(task.pollUrl());
        }
        assertText(task.rawStatus(), UpstreamBounds.MAX_STATUS_CHARS);
    }

    public static void assertWithin(UpstreamError error) {
        assertText(error.code(), UpstreamBounds.MAX_CODE_CHARS);
        assertText(error.type(), UpstreamBounds.MAX_CODE_CHARS);
        assertText(error.message(), UpstreamBounds.MAX_MESSAGE_CHARS);
        assertText(error.param(), UpstreamBounds.MAX_PARAM_CHARS);
        if (error.retryAfter() != null) {
            assertThat(error.retryAfter()).isBetween(Duration.ZERO, UpstreamBounds.MAX_RETRY_AFTER);
        }
        if (error.httpStatus() != null) {
            assertThat(error.httpStatus()).isBetween(100, 599);
        }
    }

    /** A failed call: an UpstreamException or a LocalCallException, with a bounded message and error. */
    public static void assertBoundedFailure(Throwable failure) {
        assertThat(failure).isInstanceOfAny(UpstreamException.class, LocalCallException.class);
        assertThat(failure.getMessage()).hasSizeLessThanOrEqualTo(MAX_EXCEPTION_MESSAGE);
        if (failure instanceof UpstreamException u && u.error() != null) {
            assertWithin(u.error());
        }
    }

    private static void assertText(String text, int max) {
        if (text != null) {
            assertThat(text).hasSizeLessThanOrEqualTo(max);
            assertThat(text.chars().noneMatch(Character::isISOControl)).as("no control characters in %s", text).isTrue();
        }
    }

    private static void assertUrl(String url) {
        assertThat(url).hasSizeLessThanOrEqualTo(UpstreamBounds.MAX_URL_CHARS);
        assertThat(url.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))).isTrue();
    }
}
