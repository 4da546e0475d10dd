package io.customersync.channel.domain;

/**
 * An address added to a customer who has {@link CustomerEditing#MAX_ADDRESSES} already: without a bound, one customer's
 * addresses (a till's integration retrying without an Idempotency-Key, say) made HQ's announcement of the customer
 * larger than Kafka takes.
 */
public class TooManyAddressesException extends RefusedException {

    public TooManyAddressesException() {
        super("addresses", "a customer has at most " + CustomerEditing.MAX_ADDRESSES + " addresses");
    }
}
