package io.customersync.channel.domain;

/** A request names a channel this channel-service does not serve (no till or storefront key of it): 422. */
public class ChannelNotServedException extends RefusedException {

    public ChannelNotServedException(String channelId) {
        super("channelId", "channel " + channelId + " is not served by this channel-service (no till or storefront key of it)");
    }
}
