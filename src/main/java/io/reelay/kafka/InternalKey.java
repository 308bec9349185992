package io.reelay.kafka;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the key Reelay's instances share ({@code reelay.internal.key}). Each use names its purpose,
 * so a signature made for one (a video.tasks record, a request's owner, a forwarded call) never passes for another.
 * The JDK's own Mac: nothing here is written by hand but the framing.
 */
public final class InternalKey {

    /** Shortest key accepted: 32 characters, 256 bits if random. */
    public static final int MIN_LENGTH = 32;

    private final SecretKeySpec key;
    /**
     * A Mac per thread, keyed once: Mac.getInstance looks the algorithm up among the providers and init derives the
     * key's pads, which cost more than signing a record; every video.tasks record is signed and verified.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private InternalKey(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** @throws IllegalArgumentException when the key is missing or shorter than {@link #MIN_LENGTH} */
    public static InternalKey of(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("reelay.internal.key (REELAY_INTERNAL_KEY) must be set to at least "
                    + MIN_LENGTH + " characters, the same on every instance");
        }
        return new InternalKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature of {@code parts} for {@code purpose}, base64url without padding (43 characters). */
    public String sign(String purpose, byte[]... parts) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(purpose, parts));
    }

    /** The signature of UTF-8 strings for {@code purpose}. */
    public String sign(String purpose, String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i] == null ? new byte[0] : parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return sign(purpose, bytes);
    }

    /** True if {@code signature} is that of {@code parts} for {@code purpose}; compared in constant time. */
    public boolean verify(String signature, String purpose, byte[]... parts) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(purpose, parts));
    }

    /** {@link #verify(String, String, byte[]...)} for UTF-8 strings. */
    public boolean verify(String signature, String purpose, String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i] == null ? new byte[0] : parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return verify(signature, purpose, bytes);
    }

    private byte[] mac(String purpose, byte[]... parts) {
        Mac mac = macs.get();
        mac.reset(); // doFinal resets it too; this covers a use that ended in an exception
        update(mac, purpose.getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            update(mac, part == null ? new byte[0] : part);
        }
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") sign differently. */
    private static void update(Mac mac, byte[] part) {
        int n = part.length;
        mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        mac.update(part);
    }

    @Override
    public String toString() {
        return "InternalKey[hidden]";
    }
}
