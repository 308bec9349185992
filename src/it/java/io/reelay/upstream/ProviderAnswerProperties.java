package io.reelay.upstream;

import static io.reelay.upstream.AnswerBounds.assertBoundedFailure;
import static io.reelay.upstream.AnswerBounds.assertWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelay.upstream.UpstreamHttp.Answer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Generated hostile answers to a provider's submits and polls, read as the provider reads them: the
 * reading either gives a result within every bound or fails with an UpstreamException with a bounded
 * message (which fails that call's Uni); nothing else ever escapes. One subclass per provider.
 */
public abstract class ProviderAnswerProperties {

    protected static final String KEY = "sk-properties-key";
    protected static final String BASE = "https://api.upstream.test";
    private final Vertx vertx = Vertx.vertx();
    /** Never used to send: the answers are read as plain values. */
    protected final WebClient client = WebClient.create(vertx);

    /** The provider under test, on {@link #client} with base URL {@link #BASE} and key {@link #KEY}. */
    protected abstract ProviderClient provider();

    @AfterProperty
    void close() {
        client.close();
        vertx.closeAndAwait();
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
            report = provider().readPoll(a);
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
            task = provider().readSubmit(a);
        } catch (UpstreamException e) {
            assertBoundedFailure(e);
            assertThat(e.getMessage()).doesNotContain(KEY);
            return;
        }
        assertWithin(task);
        assertThat(SameHostUrls.sameOrigin(BASE, task.pollUrl())).as("poll URL %s", task.pollUrl()).isTrue();
    }
}
