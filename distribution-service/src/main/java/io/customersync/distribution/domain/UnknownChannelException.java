package io.customersync.distribution.domain;

/** No channel of that id in the registry (or not one the caller may see). */
public class UnknownChannelException extends RuntimeException {

    public UnknownChannelException(String channelId) {
        super("no channel " + channelId + " in the registry");
    }
}
