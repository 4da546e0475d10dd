package io.customersync.channel.domain;

import java.util.UUID;

/** A request names an address its customer does not have (a path's address id). */
public class NoSuchAddressException extends RuntimeException {

    public NoSuchAddressException(UUID customerId, UUID addressId) {
        super("no address " + addressId + " of customer " + customerId);
    }
}
