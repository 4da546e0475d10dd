package io.customersync.channel.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API keys this channel deployment accepts, kept only as SHA-256 hashes. Configured as
 * {@code channel.credentials=CHANNEL:role:sha256hex,...} (env {@code CHANNEL_CREDENTIALS}); each key
 * binds its holder to one channel and one role. The channel of a request always comes from here,
 * never from the request body.
 */
@ApplicationScoped
public class ApiCredentials {

    public enum Role {
        POS, STOREFRONT, OPS
    }

    public record Credential(String channelId, Role role) {
    }

    private final Map<String, Credential> byHash = new HashMap<>();

    public ApiCredentials(@ConfigProperty(name = "channel.credentials") List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3 || parts[2].length() != 64) {
                throw new IllegalArgumentException(
                        "channel.credentials entries look like CHANNEL:role:sha256hex, got an entry with "
                                + parts.length + " parts");
            }
            byHash.put(parts[2].toLowerCase(Locale.ROOT),
                    new Credential(parts[0], Role.valueOf(parts[1].toUpperCase(Locale.ROOT))));
        }
    }

    public Optional<Credential> find(String apiKey) {
        return Optional.ofNullable(byHash.get(sha256(apiKey)));
    }

    public static String sha256(String apiKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
