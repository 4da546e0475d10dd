package io.customersync.channel.domain;

import java.util.UUID;

/** The customer a request is about is not one the channel may change (none such, or another channel's). */
public class UnknownCustomerException extends RuntimeException {

    public UnknownCustomerException(UUID customerId) {
        super("no customer " + customerId + " in this channel");
    }
}
