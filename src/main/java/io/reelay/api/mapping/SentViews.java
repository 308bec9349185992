package io.reelay.api.mapping;

import java.util.List;

import io.reelay.api.RequestView;
import io.reelay.lifecycle.query.SentRequest;

/** The request as sent, between the lifecycle's {@link SentRequest} and the API's {@link RequestView.Sent}. */
final class SentViews {

    private SentViews() {
    }

    static RequestView.Sent view(SentRequest r) {
        return r == null ? null : new RequestView.Sent(r.model(), r.operation(), r.provider(), r.prompt(),
                r.imageUrl(), r.image(), r.referenceImages(), r.referenceVideos(), r.referenceAudios(),
                r.referenceImageType(), r.startImage(), r.endImage(), r.videoUrl(), r.audioUrl(), r.duration(),
                r.aspectRatio(), r.resolution(), r.outputAudio(), map(r.klingElements(),
                        e -> new RequestView.Element(e.name(), e.description(), e.elementInputUrls())),
                r.parameters(), r.maxWaitSeconds(), r.metadata(), r.requestedAt(), r.callbackUrl(), r.tenant(),
                r.priority());
    }

    static SentRequest sent(RequestView.Sent r) {
        return r == null ? null : new SentRequest(r.model(), r.operation(), r.provider(), r.prompt(), r.imageUrl(),
                r.image(), r.referenceImages(), r.referenceVideos(), r.referenceAudios(), r.referenceImageType(),
                r.startImage(), r.endImage(), r.videoUrl(), r.audioUrl(), r.duration(), r.aspectRatio(),
                r.resolution(), r.outputAudio(), map(r.klingElements(),
                        e -> new SentRequest.Element(e.name(), e.description(), e.elementInputUrls())),
                r.parameters(), r.maxWaitSeconds(), r.metadata(), r.requestedAt(), r.callbackUrl(), r.tenant(),
                r.priority());
    }

    private static <A, B> List<B> map(List<A> items, java.util.function.Function<A, B> each) {
        return items == null ? null : items.stream().map(each).toList();
    }
}
