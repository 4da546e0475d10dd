package io.customersync.channel.domain;

/** A transaction names an address that is not one of its customer's. */
public class UnknownAddressException extends RefusedException {

    public UnknownAddressException() {
        super("addressId", "not one of this customer's addresses, or one removed");
    }
}
