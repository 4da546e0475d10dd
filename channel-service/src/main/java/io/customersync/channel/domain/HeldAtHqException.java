package io.customersync.channel.domain;

import java.util.UUID;

/**
 * HQ holds a sync-mode customer as a possible duplicate until ops decide. The store saved it ON_HOLD
 * under the id HQ holds (uploaded like an async customer), so that it gets its account number (or the one it is linked
 * to) when they do; the till is told so (409).
 */
public class HeldAtHqException extends RuntimeException {

    private final UUID customerId;
    private final String asyncCustomerNumber;

    public HeldAtHqException(UUID customerId, String asyncCustomerNumber, String hqDetail) {
        super("HQ holds the customer as a possible duplicate until ops decide (" + hqDetail + "); the store saved it, on hold, as "
                + "async customer " + asyncCustomerNumber + " (customer " + customerId
                + "), which gets its account number when they do");
        this.customerId = customerId;
        this.asyncCustomerNumber = asyncCustomerNumber;
    }

    public UUID customerId() {
        return customerId;
    }

    public String asyncCustomerNumber() {
        return asyncCustomerNumber;
    }
}
