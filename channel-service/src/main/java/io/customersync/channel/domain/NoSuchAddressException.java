package io.customersync.channel.domain;

import java.util.UUID;

/** A request names an address its customer does not have (a path's address id). */
public class NoSuchAddressException extends RuntimeException {

    public NoSuchAddressException(UUID customerId, UUID addressId, boolean removed) {
        super(removed ? "address " + addressId + " of customer " + customerId + " was removed"
                : "no address " + addressId + " of customer " + customerId);
    }
}
