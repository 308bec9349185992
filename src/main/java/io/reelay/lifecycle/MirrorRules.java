package io.reelay.lifecycle;

import java.util.Set;

import io.reelay.config.ReelayConfig;
import io.reelay.lifecycle.Effect.Complete;
import io.reelay.lifecycle.Effect.CopyFiles;
import io.reelay.lifecycle.Effect.Save;

/**
 * The rules of {@link RequestStage#MIRRORING} and {@link RequestStage#COPYING}, a part of {@link Lifecycle}: a
 * completed (paid) task's completion waits while its files are copied into object storage, for at most a bound,
 * and then goes out exactly once, with the copies made and a failure for each file without one. Storage trouble
 * never withholds it, and the request's own deadline no longer applies: the task did complete.
 */
final class MirrorRules {

    /** Copy retries come back between half and all of their back-off. */
    static final double SPREAD = 0.5;

    /** The reason of a file left without a copy because the tracker failed on its request. */
    static final String INTERNAL_ERROR = "internal_error";

    private MirrorRules() {
    }

    /**
     * The tracker failed on a request while its completion waited for copies (a bug). The task completed and was
     * paid, so it is never failed: its completion goes out now, with the copies already made, the upstream URLs, and
     * every file without a copy failed for {@link #INTERNAL_ERROR}.
     */
    static Transition internalError(RequestState state, String cause) {
        return Transition.to(state.at(RequestStage.ENDED), new Complete(new Effect.Unstored(INTERNAL_ERROR,
                "Reelay stopped storing this file after an internal error (" + cause + "); the upstream URL holds the"
                        + " video until it expires")));
    }

    /**
     * The upstream reported the task completed: its completion is kept and its files are copied. The bound is the
     * earlier of the URLs' expiry (as the completion estimates it) and the configured longest wait.
     */
    static Transition begin(RequestState state, Set<MirrorFile> files, long now, ReelayConfig config) {
        long bound = Math.min(config.mirror().maxWait().toMillis(), config.tracker().urlLifetime().toMillis());
        return round(state.mirroringFrom(Mirroring.begin(now, now + bound, files)), now, config);
    }

    /** A round of copies: every file left, at once; after a crash, they are tried again at the longest back-off. */
    private static Transition round(RequestState state, long now, ReelayConfig config) {
        Mirroring started = state.mirroring().roundStarted(now + config.mirror().maxBackoff().toMillis());
        return Transition.to(state.mirroringFrom(started), new Save(), new CopyFiles(started.remaining()));
    }

    static Transition due(RequestState state, long now, ReelayConfig config) {
        Mirroring mirroring = state.mirroring();
        if (now >= mirroring.giveUpAt()) {
            return Transition.to(state.at(RequestStage.ENDED), new Complete()); // the bound: out as it stands
        }
        if (state.stage() == RequestStage.MIRRORING && mirroring.retryAt() <= now) {
            return round(state, now, config); // a retry, or copies a crash interrupted (to the same keys)
        }
        return Transition.ignore(state);
    }

    /**
     * One copy ended. The caller has already kept its stored object or its failure with the waiting completion and
     * counted it out of the copies under way.
     *
     * @param settles the file needs no more copies: it is stored, or failed for a reason no retry mends
     */
    static Transition copyEnded(RequestState state, MirrorFile file, boolean settles, double jitter, long now,
            ReelayConfig config) {
        if (!state.stage().mirroring()) {
            return Transition.ignore(state); // ended meanwhile (its bound): the copy changes nothing
        }
        Mirroring mirroring = settles ? state.mirroring().settled(file) : state.mirroring();
        RequestState after = state.mirroringFrom(mirroring);
        if (mirroring.underWay() > 0) {
            return Transition.to(after, new Save());
        }
        if (mirroring.remaining().isEmpty()) {
            return Transition.to(after.at(RequestStage.ENDED), new Complete());
        }
        ReelayConfig.Mirror settings = config.mirror();
        long retryAt = now + Backoff.delay(settings.initialBackoff(), settings.maxBackoff(), mirroring.rounds(),
                SPREAD, jitter, null);
        if (retryAt >= mirroring.giveUpAt()) {
            return Transition.to(after.at(RequestStage.ENDED), new Complete()); // no time for another round
        }
        return Transition.to(state.mirroringFrom(mirroring.retryAt(retryAt)), new Save());
    }
}
