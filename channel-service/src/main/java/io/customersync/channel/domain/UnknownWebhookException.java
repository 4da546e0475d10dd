package io.customersync.channel.domain;

/** The channel has no webhook subscription, or no such delivery: 404. */
public class UnknownWebhookException extends RuntimeException {

    public UnknownWebhookException(String message) {
        super(message);
    }
}
