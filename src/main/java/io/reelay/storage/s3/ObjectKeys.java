package io.reelay.storage.s3;

import java.nio.charset.StandardCharsets;

import io.reelay.storage.MirrorJob;
import io.reelay.storage.content.MediaType;

/**
 * Where a job's file is kept: {@code <prefix>/<request id>/<n>.<ext>} for a video, {@code <n>-last-frame.<ext>} for
 * its last frame. The same job always gets the same key (the extension follows the bytes, which are the same), so a
 * repeated copy replaces the object. A request id is one path segment: characters other than letters, digits,
 * {@code - _ .} are percent-encoded, and an id of dots alone too, so no id can climb or split the layout.
 */
final class ObjectKeys {

    private final String prefix;

    ObjectKeys(String prefix) {
        String p = prefix == null ? "" : prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.prefix = p;
    }

    String key(MirrorJob job, MediaType type) {
        String name = job.kind() == MirrorJob.Kind.VIDEO ? job.index() + "." + type.extension()
                : job.index() + "-last-frame." + type.extension();
        String folder = segment(job.requestId()) + "/" + name;
        return prefix.isEmpty() ? folder : prefix + "/" + folder;
    }

    static String segment(String requestId) {
        String id = requestId == null ? "" : requestId;
        boolean dotsOnly = id.chars().allMatch(c -> c == '.');
        StringBuilder sb = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && !dotsOnly);
            if (plain) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.length() == 0 ? "%" : sb.toString(); // no other id encodes to a lone %
    }
}
