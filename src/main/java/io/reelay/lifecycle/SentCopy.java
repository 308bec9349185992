package io.reelay.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reelay.events.KlingElement;
import io.reelay.events.VideoRequested;
import io.reelay.state.TrackedTask;

/**
 * The request as submitted, as Reelay keeps it to show ({@code GET /v1/requests/{id}}) once the submit no longer
 * needs it: the same record with every text cut, and all of them together to {@link #MAX_CHARS}, so the copy stays
 * small whatever the request held (it is written again with each change of its in-flight record). A {@code data:}
 * URL keeps its first {@link #MAX_DATA_URL_CHARS} characters: enough to tell what it was. A cut text ends with "…".
 * Texts are spent in order of use to a reader: the model and the prompt before the inputs, the metadata last.
 */
public final class SentCopy {

    /**
     * All values of a copy together, in characters (at most 3 bytes each); names (map keys, element names) are not
     * counted but cut to {@link #MAX_KEY_CHARS}. So a copy is at most some 64 KB encoded.
     */
    public static final int MAX_CHARS = 12_000;
    /** One text (a prompt, a URL, a value). */
    public static final int MAX_TEXT_CHARS = 4_096;
    public static final int MAX_DATA_URL_CHARS = 200;
    /** Items of a list, entries of a map: more than intake ever admits. */
    public static final int MAX_ITEMS = 32;
    public static final int MAX_KEY_CHARS = 64;

    private SentCopy() {
    }

    /** The bounded copy of {@code request}; null stays null. Never changes its argument. */
    public static VideoRequested of(VideoRequested request) {
        if (request == null) {
            return null;
        }
        Budget b = new Budget();
        return VideoRequested.newBuilder()
                .setRequestId(b.required(request.getRequestId(), MAX_TEXT_CHARS))
                .setModel(b.required(request.getModel(), MAX_TEXT_CHARS))
                .setOperation(b.text(request.getOperation()))
                .setProvider(b.text(request.getProvider()))
                .setTenant(b.text(request.getTenant()))
                .setPriority(request.getPriority())
                .setRequestedAt(request.getRequestedAt())
                .setDuration(request.getDuration())
                .setAspectRatio(b.text(request.getAspectRatio()))
                .setResolution(b.text(request.getResolution()))
                .setOutputAudio(request.getOutputAudio())
                .setMaxWaitSeconds(request.getMaxWaitSeconds())
                .setPrompt(b.text(request.getPrompt()))
                .setImageUrl(b.text(request.getImageUrl()))
                .setImage(b.text(request.getImage()))
                .setStartImage(b.text(request.getStartImage()))
                .setEndImage(b.text(request.getEndImage()))
                .setVideoUrl(b.text(request.getVideoUrl()))
                .setAudioUrl(b.text(request.getAudioUrl()))
                .setReferenceImageType(b.text(request.getReferenceImageType()))
                .setReferenceImages(b.list(request.getReferenceImages()))
                .setReferenceVideos(b.list(request.getReferenceVideos()))
                .setReferenceAudios(b.list(request.getReferenceAudios()))
                .setKlingElements(elements(request.getKlingElements(), b))
                .setParameters(b.map(request.getParameters()))
                .setCallbackUrl(b.text(request.getCallbackUrl()))
                .setMetadata(b.map(request.getMetadata()))
                .build();
    }

    /** What a stored in-flight request holds of its request, bounded: its kept copy, else the request it keeps. */
    public static VideoRequested kept(TrackedTask task) {
        if (task == null) {
            return null;
        }
        return task.getSentRequest() != null ? of(task.getSentRequest()) : of(task.getPendingRequest());
    }

    private static List<KlingElement> elements(List<KlingElement> elements, Budget b) {
        if (elements == null) {
            return null;
        }
        List<KlingElement> out = new ArrayList<>(Math.min(elements.size(), MAX_ITEMS));
        for (KlingElement e : elements) {
            if (out.size() == MAX_ITEMS) {
                break;
            }
            if (e == null) {
                continue;
            }
            List<String> urls = b.list(e.getElementInputUrls());
            out.add(KlingElement.newBuilder().setName(b.name(e.getName()))
                    .setDescription(b.text(e.getDescription())).setElementInputUrls(urls == null ? List.of() : urls)
                    .build());
        }
        return out;
    }

    /** What is left of the characters a copy may hold. */
    private static final class Budget {
        private int left = MAX_CHARS;

        String text(String s) {
            return s == null ? null : cut(s, MAX_TEXT_CHARS);
        }

        String required(String s, int max) {
            return cut(s == null ? "" : s, max);
        }

        List<String> list(List<String> items) {
            if (items == null) {
                return null;
            }
            List<String> out = new ArrayList<>(Math.min(items.size(), MAX_ITEMS));
            for (String item : items) {
                if (out.size() == MAX_ITEMS) {
                    break;
                }
                out.add(required(item, MAX_TEXT_CHARS));
            }
            return out;
        }

        Map<String, String> map(Map<String, String> entries) {
            if (entries == null) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                if (out.size() == MAX_ITEMS) {
                    break;
                }
                // Two keys cut to the same text would collapse into one entry: the first one stays.
                out.putIfAbsent(name(e.getKey()), required(e.getValue(), MAX_TEXT_CHARS));
            }
            return out;
        }

        /** A name keeps its meaning when the values are spent: it is cut on its own. */
        String name(String s) {
            return shorten(s == null ? "" : s, MAX_KEY_CHARS);
        }

        private String cut(String s, int max) {
            String out = shorten(s, Math.min(s.startsWith("data:") ? MAX_DATA_URL_CHARS : max, Math.max(left, 1)));
            left = Math.max(0, left - out.length());
            return out;
        }

        private static String shorten(String s, int limit) {
            if (s.length() <= limit) {
                return s;
            }
            int end = limit - 1;
            if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--; // never split a surrogate pair
            }
            return s.substring(0, end) + "…";
        }
    }
}
