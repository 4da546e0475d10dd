package io.customersync.distribution.domain;

/** No channel of that id in the registry (or not one the caller may see), or nothing of it asked for: 404. */
public class UnknownChannelException extends RuntimeException {

    public UnknownChannelException(String channelId) {
        super("no channel " + channelId + " in the registry");
    }

    private UnknownChannelException(String channelId, String what) {
        super("channel " + channelId + " " + what);
    }

    /** The channel is registered but has had no full sync. */
    public static UnknownChannelException withoutFullSync(String channelId) {
        return new UnknownChannelException(channelId, "has had no full sync");
    }
}
