package io.customersync.channel.domain;

/** A transaction names an address that is not one of its customer's. */
public class UnknownAddressException extends RefusedException {

    public UnknownAddressException() {
        super("addressId", "not an address of this customer");
    }
}
