package io.customersync.channel.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Singleton;

/**
 * Each channel's functionality profile for creating customers ({@code channel.creation-modes},
 * e.g. {@code HOUSTON:SYNC,ONLINE:SYNC_WITH_ASYNC_FALLBACK}); channels not named create ASYNC.
 */
@Singleton
public class CreationModes {

    public enum Mode {
        /** saved at once with a temporary identity; HQ numbers it moments later */
        ASYNC,
        /** HQ's real-time service numbers it during the call; fails if HQ does not answer */
        SYNC,
        /** as SYNC, but saved ASYNC if HQ does not answer in time */
        SYNC_WITH_ASYNC_FALLBACK
    }

    private final Map<String, Mode> byChannel = new HashMap<>();

    public CreationModes(ChannelConfig config) {
        for (String entry : config.creationModes().orElse(List.of())) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("channel.creation-modes entries look like CHANNEL:MODE, got " + entry);
            }
            byChannel.put(parts[0].trim(), Mode.valueOf(parts[1].trim().toUpperCase(Locale.ROOT)));
        }
    }

    public Mode of(String channelId) {
        return byChannel.getOrDefault(channelId, Mode.ASYNC);
    }
}
