package io.customersync.distribution.domain;

/** A channel of the registry and how far behind its channel database is. */
public record ChannelStatus(String channelId, String addressBook, boolean excludeCustomerData, long pending,
        long failed, long lagSeconds) {
}
