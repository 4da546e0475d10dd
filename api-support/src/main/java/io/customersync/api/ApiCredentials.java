package io.customersync.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;


/**
 * The API keys a service accepts, kept only as SHA-256 hashes. Configured as
 * {@code api.credentials=CHANNEL:role:sha256hex,...} (env {@code API_CREDENTIALS}); each key binds
 * its holder to one channel ({@code *} for ops keys that see every channel) and one role. The
 * channel of a request always comes from here, never from the request body.
 */
@Singleton
public class ApiCredentials {

    /** One digest per thread (each request hashes its key): the JDK's provider lookup is not made at every call. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    /**
     * Who holds a key: a POS terminal, a storefront, ops people, a channel-service calling HQ, or
     * distribution-service reading the customers' data keys at HQ (nothing else).
     */
    public enum Role {
        POS, STOREFRONT, OPS, CHANNEL, DISTRIBUTION
    }

    /** @param hash the key's SHA-256, which identifies the credential (rate limits) without the key */
    public record Credential(String channelId, Role role, String hash) {
    }

    public static final String ALL_CHANNELS = "*";

    private final Map<String, Credential> byHash = new HashMap<>();

    @Inject
    public ApiCredentials(ApiConfig config) {
        this(config.credentials());
    }

    ApiCredentials(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3 || parts[2].length() != 64) {
                throw new IllegalArgumentException(
                        "api.credentials entries look like CHANNEL:role:sha256hex, got an entry with "
                                + parts.length + " parts");
            }
            String hash = parts[2].toLowerCase(Locale.ROOT);
            byHash.put(hash, new Credential(parts[0], Role.valueOf(parts[1].toUpperCase(Locale.ROOT)), hash));
        }
    }

    /** Whether a till's or a storefront's key of this channel is configured: the channel is served here. */
    public boolean servesChannel(String channelId) {
        return byHash.values().stream().anyMatch(c -> c.channelId().equals(channelId)
                && (c.role() == Role.POS || c.role() == Role.STOREFRONT));
    }

    public Optional<Credential> find(String apiKey) {
        return Optional.ofNullable(byHash.get(sha256(apiKey)));
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
