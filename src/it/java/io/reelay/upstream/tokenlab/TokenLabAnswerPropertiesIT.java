package io.reelay.upstream.tokenlab;

import static io.reelay.upstream.AnswerBounds.assertBoundedFailure;
import static io.reelay.upstream.AnswerBounds.assertWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.upstream.HostileJson;
import io.reelay.upstream.SameHostUrls;
import io.reelay.upstream.SubmittedTask;
import io.reelay.upstream.TaskReport;
import io.reelay.upstream.UpstreamException;
import io.reelay.upstream.UpstreamHttp.Answer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated hostile answers to TokenLab submits and polls, read as the provider reads them: the reading
 * either gives a result within every bound or fails with an UpstreamException with a bounded message
 * (which fails that call's Uni); nothing else ever escapes.
 */
class TokenLabAnswerPropertiesIT {

    private static final String KEY = "sk-properties-key";
    private static final String BASE = "https://api.upstream.test";
    private static final Vertx VERTX = Vertx.vertx();
    private static final WebClient CLIENT = WebClient.create(VERTX);
    private final TokenLabProvider provider = new TokenLabProvider(CLIENT, new TokenLabSettings(BASE, Optional.of(KEY), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    @AfterContainer
    static void close() {
        CLIENT.close();
        VERTX.closeAndAwait();
    }

    @Provide
    Arbitrary<HostileJson.Answer> answers() {
        return HostileJson.answers();
    }

    @Property(tries = 3000)
    void aPollAnswerGivesABoundedReportOrFailsThatPoll(@ForAll("answers") HostileJson.Answer answer) {
        Answer a = new Answer(answer.status(), answer.body(), answer.retryAfter());
        TaskReport report;
        try {
            report = provider.readPoll(a);
        } catch (UpstreamException e) {
            assertBoundedFailure(e);
            assertThat(e.error().retryable() || e.kind() == UpstreamException.Kind.ERROR_ANSWER).isTrue();
            return;
        }
        assertWithin(report);
    }

    @Property(tries = 3000)
    void aSubmitAnswerGivesABoundedTaskOnTheConfiguredHostOrFailsThatSubmit(
            @ForAll("answers") HostileJson.Answer answer) {
        Answer a = new Answer(answer.status(), answer.body(), answer.retryAfter());
        SubmittedTask task;
        try {
            task = provider.readSubmit(a);
        } catch (UpstreamException e) {
            assertBoundedFailure(e);
            assertThat(e.getMessage()).doesNotContain(KEY);
            return;
        }
        assertWithin(task);
        assertThat(SameHostUrls.sameOrigin(BASE, task.pollUrl())).as("poll URL %s", task.pollUrl()).isTrue();
    }
}
