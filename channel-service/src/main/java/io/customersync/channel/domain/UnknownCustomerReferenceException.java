package io.customersync.channel.domain;

/** A transaction names a customer the channel does not see. */
public class UnknownCustomerReferenceException extends RefusedException {

    public UnknownCustomerReferenceException() {
        super("customerId", "no such customer in this channel");
    }
}
