package io.customersync.distribution.api;

import io.customersync.distribution.domain.Channel;
import io.customersync.distribution.domain.ChannelStatus;

/**
 * A channel of the registry as ops see it: its registration (the password's reference, never the
 * password), whether this deployment delivers to it, and its queue here (waiting, parked, lag).
 */
public record ChannelView(String channelId, String jdbcUrl, String username, String passwordRef, String addressBook,
        boolean excludeCustomerData, Integer poolSize, String deployment, String status, boolean ownedHere, long pending,
        long failed, long lagSeconds) {

    static ChannelView of(Channel channel, boolean ownedHere, ChannelStatus queue) {
        return new ChannelView(channel.id(), channel.jdbcUrl(), channel.username(), channel.passwordRef().toString(),
                channel.addressBook(), channel.excludeCustomerData(), channel.poolSize(), channel.deployment(),
                channel.status().name(), ownedHere, queue.pending(), queue.failed(), queue.lagSeconds());
    }
}
