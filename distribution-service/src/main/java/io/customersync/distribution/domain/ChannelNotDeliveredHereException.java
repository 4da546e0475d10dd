package io.customersync.distribution.domain;

/** A channel in the registry that this deployment does not deliver customers to: retired, or another deployment's. */
public class ChannelNotDeliveredHereException extends RuntimeException {

    public ChannelNotDeliveredHereException(Channel channel) {
        super(channel.active()
                ? "channel " + channel.id() + " is delivered by deployment " + channel.deployment() + ", not this one"
                : "channel " + channel.id() + " is retired: only erasures are delivered to it until it is added again");
    }
}
