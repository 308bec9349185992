package io.reelay.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.reelay.upstream.UpstreamException.Kind;
import io.reelay.observability.telemetry.UpstreamTelemetry;
import io.reelay.observability.telemetry.UpstreamTelemetry.Endpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import io.smallrye.mutiny.vertx.TypeArg;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every provider shares: one deadline per call, the bearer key, no redirects, a
 * body size limit, and the classification of failures. Provider-specific paths, bodies and error
 * formats stay in the providers.
 *
 * <p>A call has three phases, and each fails in its own way: building it ({@link #call}'s
 * {@code prepare}: any exception is a {@link LocalCallException}, nothing was sent); the exchange
 * (timeout, connection error, a body past {@link UpstreamBounds#MAX_BODY_BYTES}: no answer); reading
 * the answer ({@link #read}: anything unreadable is no usable answer, never an exception escaping).
 */
public final class UpstreamHttp {

    /**
     * What an answer says, as the providers read it: status, body (at most {@link UpstreamBounds#MAX_BODY_BYTES})
     * and the {@code Retry-After} header. Plain values, so the reading is tested without HTTP.
     */
    public record Answer(int status, String body, String retryAfter) {

        public static Answer of(HttpResponse<Buffer> response) {
            return new Answer(response.statusCode(), response.bodyAsString(), response.getHeader("Retry-After"));
        }

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** A request the provider built, and its body (null for none): what {@link #call} sends. */
    public record Outgoing(HttpRequest<Buffer> request, Buffer body) {
    }

    private static final BodyCodec<Buffer> LIMITED_BODY = BodyCodec.newInstance(
            LimitedBody.codec(UpstreamBounds.MAX_BODY_BYTES),
            new TypeArg<>(o -> Buffer.newInstance((io.vertx.core.buffer.Buffer) o), b -> ((Buffer) b).getDelegate()));

    private final WebClient client;
    private final Optional<String> apiKey;
    private final String provider;
    private final UpstreamTelemetry telemetry;

    /**
     * @param provider the provider's name, as tagged on the calls' metrics
     * @param telemetry where each call is recorded
     */
    public UpstreamHttp(WebClient client, Optional<String> apiKey, String provider, UpstreamTelemetry telemetry) {
        this.client = client;
        this.apiKey = ProviderSettings.apiKey(apiKey);
        this.provider = provider;
        this.telemetry = telemetry;
    }

    public WebClient client() {
        return client;
    }

    public void close() {
        client.close();
    }

    /**
     * Builds the call with {@code prepare} and sends it with the key (when configured), a deadline on
     * the whole call and the body size limit, recording it as a call to {@code endpoint}. Whatever
     * fails before the request leaves (building it, a header or URL the client would refuse, a bug)
     * fails the Uni with a {@link LocalCallException}; a failed exchange with an
     * {@link UpstreamException} of kind {@link Kind#NO_ANSWER}. Never throws.
     *
     * @param submit whether the call is a paid submit (its unknown outcome is never retryable)
     */
    public Uni<HttpResponse<Buffer>> call(Endpoint endpoint, Duration timeout, boolean submit,
            Supplier<Outgoing> prepare) {
        HttpRequest<Buffer> http;
        Buffer body;
        try {
            Outgoing outgoing = prepare.get();
            // Redirects could carry the Authorization header to another host; no provider documents one.
            http = outgoing.request().as(LIMITED_BODY).followRedirects(false).timeout(timeout.toMillis());
            body = outgoing.body();
            apiKey.ifPresent(key -> http.putHeader("Authorization", "Bearer " + key));
            checkHeaders(http);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(local("building the " + endpoint.tag(), e));
        }
        return telemetry.observe(provider, endpoint, http, () -> {
            Uni<HttpResponse<Buffer>> sent = body == null ? http.send() : http.sendBuffer(body);
            long due = System.nanoTime() + timeout.toNanos();
            // Vert.x's timeout restarts whenever bytes arrive; this one bounds the whole call.
            return sent.ifNoItem().after(timeout)
                    .failWith(() -> new CallTimeout(timeout, Duration.ofNanos(System.nanoTime() - due)));
        }).onFailure(e -> !(e instanceof UpstreamException) && !(e instanceof LocalCallException))
                .transform(e -> refusedBeforeSending(e) ? local("sending the " + endpoint.tag(), e)
                        : noAnswer(e, submit));
    }

    /**
     * Reads an answer with {@code reader}: its {@link UpstreamException} passes as it is, anything else
     * it throws (a parser's bug, a value no record accepts) is no usable answer. Never throws anything else.
     */
    public <T> T read(HttpResponse<Buffer> response, boolean submit, Function<Answer, T> reader) {
        int status = response.statusCode();
        try {
            return reader.apply(Answer.of(response));
        } catch (UpstreamException e) {
            throw e;
        } catch (RuntimeException e) {
            throw noAnswer(status, "unusable answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), submit);
        }
    }

    /**
     * Every header as Netty would write it, checked with Netty's own validation: Vert.x checks them
     * only while it writes the request, where a refusal would look like a connection error.
     */
    private static void checkHeaders(HttpRequest<Buffer> http) {
        DefaultHttpHeaders check = new DefaultHttpHeaders(true);
        for (Map.Entry<String, String> header : http.headers()) {
            try {
                check.add(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // Netty's message quotes the value, which may be the key: name the header only.
                throw new IllegalArgumentException("header " + UpstreamBounds.text(header.getKey(), 64)
                        + " has characters HTTP does not allow (a line break or a control character)");
            }
        }
    }

    /**
     * Vert.x and Netty refuse a request they cannot write (a bad header, URL or body) with an
     * IllegalArgumentException before anything leaves; a network failure is never one. A backstop
     * for what {@link #checkHeaders} does not foresee.
     */
    private static boolean refusedBeforeSending(Throwable failure) {
        return failure instanceof IllegalArgumentException;
    }

    /**
     * A submit answer whose task id Reelay cannot store or send back (too long, control characters).
     * The task may exist upstream, and be charged, so this is no answer, never retryable: resending
     * could pay twice. Its code, {@link UpstreamErrors#UNUSABLE_TASK_ID}, lets the request fail
     * with a reason that says the upstream misbehaved.
     */
    public UpstreamException unusableTaskId(int httpStatus, String id) {
        return new UpstreamException(Kind.NO_ANSWER, new UpstreamError(httpStatus, UpstreamErrors.UNUSABLE_TASK_ID,
                null, redact("the upstream answered with " + UpstreamBounds.whyUnusable(id)
                        + "; the task may exist upstream"), null, false, null), null);
    }

    /** Refuses, before anything is sent, to put an unusable task id into a URL (see {@link UpstreamBounds#usableTaskId}). */
    public static void requireUsableTaskId(String id) {
        if (!UpstreamBounds.usableTaskId(id)) {
            throw new IllegalArgumentException("cannot address " + UpstreamBounds.whyUnusable(id));
        }
    }

    /** A call that failed before it left, with the key taken out of its message. */
    public LocalCallException local(String what, Throwable cause) {
        if (cause instanceof LocalCallException local) {
            return local;
        }
        // Redacted before LocalCallException cleans the text: a key with a line break would no longer match after.
        String detail = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                : " (" + redact(cause.getMessage()) + ")");
        return new LocalCallException("not sent: " + what + " failed in Reelay: " + detail, cause);
    }

    public static boolean isSuccess(HttpResponse<Buffer> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    /** An id as one URL path segment: a task id can never add a path or a query. */
    public static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body as a JSON object; anything else is no usable answer. */
    public JsonNode jsonObject(Answer answer, boolean submit) {
        return jsonObject(answer.status(), answer.body(), submit);
    }

    /** The body as a JSON object within {@link UpstreamJson#LIMITS}; anything else is no usable answer. */
    public JsonNode jsonObject(int statusCode, String body, boolean submit) {
        String problem = "not a JSON object";
        try {
            JsonNode node = body == null ? null : UpstreamJson.MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending token; keep the message, drop the exception that carries it.
            problem = e.getOriginalMessage();
        }
        throw noAnswer(statusCode, "malformed JSON answer: " + problem, submit);
    }

    /** A submit without an answer may have created (and charged) a task, so it is never marked retryable. */
    public UpstreamException noAnswer(Integer httpStatus, String message, boolean submit) {
        return new UpstreamException(Kind.NO_ANSWER,
                new UpstreamError(httpStatus, null, null, redact(message), null, !submit, null), null);
    }

    /**
     * A call that failed without a usable HTTP answer: timeout, refused or reset connection, a body too
     * large. All say the upstream is in trouble ({@link FailureClass#UNAVAILABLE}) but a deadline noticed
     * late ({@link FailureClass#LOCAL_STALL}): the upstream had the time, but this process was not there
     * to read its answer when the deadline fell.
     */
    public UpstreamException noAnswer(Throwable failure, boolean submit) {
        String message = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                ? "timed out" : failure instanceof LimitedBody.TooLarge ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        FailureClass meaning = failure instanceof CallTimeout t && t.stalled() ? FailureClass.LOCAL_STALL
                : FailureClass.UNAVAILABLE;
        return new UpstreamException(Kind.NO_ANSWER, meaning,
                new UpstreamError(null, null, null, redact(message), null, !submit, null), failure);
    }

    /**
     * A call's deadline, and how late it was noticed. A timer that fires well after its time shows this
     * process was behind (a pause, its threads busy with other work, Kafka's included): the upstream's
     * answer may have been waiting to be read.
     */
    public static final class CallTimeout extends TimeoutException {

        /** Lateness past which a deadline says more about this process than about the upstream. */
        public static final Duration STALL_TOLERANCE = Duration.ofSeconds(1);

        private final transient Duration late;

        public CallTimeout(Duration timeout, Duration late) {
            super("no answer within " + timeout);
            this.late = late;
        }

        /** Whether the deadline was noticed more than {@link #STALL_TOLERANCE} after it fell. */
        public boolean stalled() {
            return late.compareTo(STALL_TOLERANCE) > 0;
        }
    }

    /** The error with the key taken out of every text field. */
    public UpstreamError redact(UpstreamError e) {
        return new UpstreamError(e.httpStatus(), redact(e.code()), redact(e.type()), redact(e.message()),
                redact(e.param()), e.retryable(), e.retryAfter());
    }

    public String redact(String text) {
        return ProviderSettings.redact(text, apiKey);
    }
}
