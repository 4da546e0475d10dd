package io.customersync.channel.domain;

/**
 * An address added to (or changed at) a copy of another store's customer: a copy's addresses come from HQ, an address is added
 * where the customer was created. A 404 before, for a customer the same key reads, edits and sells to (found by
 * probing as a storefront).
 */
public class AddressOfACopyException extends RefusedException {

    public AddressOfACopyException(String originChannelId) {
        super("customerId", "a customer of store " + originChannelId
                + " (a copy here): its addresses are added, changed and removed at that store");
    }
}
