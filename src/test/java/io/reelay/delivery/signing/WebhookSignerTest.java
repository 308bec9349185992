package io.reelay.delivery.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The Standard Webhooks specification's own test vector (its libraries' tests use it). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVector() {
        assertThat(new WebhookSigner(List.of(SPEC_SECRET)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void rotationSignsWithEverySecretSpaceSeparatedEachVerifiableAlone() throws Exception {
        String other = "whsec_" + Base64.getEncoder().encodeToString("another secret of 32 bytes......".getBytes());
        String header = new WebhookSigner(List.of(SPEC_SECRET, other)).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        String[] signatures = header.split(" ");
        assertThat(signatures).hasSize(2);
        assertThat(signatures[0]).isEqualTo(SPEC_SIGNATURE);
        assertThat(signatures[1]).isEqualTo("v1," + hmac(other, SPEC_ID + "." + SPEC_TIMESTAMP + "." + SPEC_BODY));
    }

    @Test
    void unicodeBodiesAreSignedAsTheirUtf8Bytes() throws Exception {
        String body = "{\"prompt\":\"caf\u00e9 \u2603 \ud83c\udfac\"}";
        assertThat(new WebhookSigner(List.of(SPEC_SECRET)).sign("msg_x", 1, body))
                .isEqualTo("v1," + hmac(SPEC_SECRET, "msg_x.1." + body));
    }

    @Test
    void secretsThatAreNotWhsecBase64AreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> new WebhookSigner(List.of("plain-secret-value")))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("plain-secret-value");
        assertThatThrownBy(() -> new WebhookSigner(List.of("whsec_!!!not base64!!!")))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("not base64!!!");
        assertThatThrownBy(() -> new WebhookSigner(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The specification's algorithm, by hand: base64 HMAC-SHA256 under the decoded secret. */
    static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
