package io.customersync.distribution.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where a channel database's password is read, never the password itself: {@code file:/path} (a
 * mounted secret, re-read whenever a connection is opened, so a rotated file takes effect at the
 * next one), {@code env:NAME} (an environment variable) or {@code config:some.key} (a setting, e.g.
 * {@code config:distribution.channels.HOUSTON.password} for a channel configured the classic way).
 */
public record PasswordReference(String scheme, String target) {

    private static final Set<String> SCHEMES = Set.of("file", "env", "config");

    /** Parses {@code scheme:target}; throws {@link InvalidChannelException} for anything else. */
    public static PasswordReference parse(String reference) {
        int colon = reference == null ? -1 : reference.indexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new InvalidChannelException("passwordRef",
                    "must be file:/path, env:NAME or config:some.key (a reference, never the password)");
        }
        String scheme = reference.substring(0, colon);
        String target = reference.substring(colon + 1);
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidChannelException("passwordRef", "unknown scheme '" + scheme + "': file, env or config");
        }
        if (scheme.equals("file") && !target.startsWith("/")) {
            throw new InvalidChannelException("passwordRef", "file: needs an absolute path");
        }
        if (!target.matches("[A-Za-z0-9_./\\-\"]{1,290}")) {
            throw new InvalidChannelException("passwordRef", "the target of the reference has characters not allowed");
        }
        return new PasswordReference(scheme, target);
    }

    /**
     * Whether ops may register this reference through the API: a file in {@code directory}, an
     * environment variable starting with {@code envPrefix}, or a channel's password setting
     * ({@code distribution.channels.<id>.password}); never another secret of the service (its
     * database password, its API keys), which a channel database of the caller's choosing would
     * otherwise be sent.
     */
    public boolean allowedForOps(String directory, String envPrefix) {
        return switch (scheme) {
            case "file" -> {
                java.nio.file.Path dir = Path.of(directory).toAbsolutePath().normalize();
                java.nio.file.Path file = Path.of(target).toAbsolutePath().normalize();
                yield file.startsWith(dir) && !file.equals(dir);
            }
            case "env" -> target.startsWith(envPrefix) && target.length() > envPrefix.length();
            default -> target.matches("distribution\\.channels\\.[A-Za-z0-9_\"-]{1,34}\\.password");
        };
    }

    /** Reads the password now; throws {@link IllegalStateException} (no password in the message) if it is not there. */
    public String read() {
        switch (scheme) {
            case "file":
                try {
                    return Files.readString(Path.of(target), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new IllegalStateException("password file " + target + " cannot be read: " + e.getClass().getSimpleName());
                }
            case "env":
                String value = System.getenv(target);
                if (value == null) {
                    throw new IllegalStateException("environment variable " + target + " is not set");
                }
                return value;
            default:
                return ConfigProvider.getConfig().getOptionalValue(target, String.class)
                        .orElseThrow(() -> new IllegalStateException("setting " + target + " is not set"));
        }
    }

    @Override
    public String toString() {
        return scheme + ":" + target;
    }
}
