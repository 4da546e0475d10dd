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

    /** Removed addresses stay (sales name them) and travel in HQ's record too: they count towards a bound of their own. */
    public TooManyAddressesException(int rows) {
        super("addresses", "a customer has had at most " + rows + " addresses, removed ones included");
    }
}
