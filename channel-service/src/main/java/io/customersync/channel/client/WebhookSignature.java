package io.customersync.channel.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Webhook-Signature} header of a storefront webhook delivery (docs/api.md, "Storefront
 * webhook"): {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}; the key is the
 * subscription's secret as UTF-8 bytes, whole ({@code whsec_} included).
 */
public final class WebhookSignature {

    public static final String HEADER = "Webhook-Signature";

    private WebhookSignature() {
    }

    /** The header's value for {@code body} sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    /** Lower-case hex of HMAC-SHA256 over {@code message} with {@code secret} as the key. */
    public static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
