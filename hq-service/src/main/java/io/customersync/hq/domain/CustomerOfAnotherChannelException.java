package io.customersync.hq.domain;

import java.util.UUID;

/**
 * A channel offered the real-time service a customer id HQ holds for another channel's customer: nothing of that
 * customer is answered (the id is the only thing the two calls share).
 */
public class CustomerOfAnotherChannelException extends RuntimeException {

    public CustomerOfAnotherChannelException(UUID customerId) {
        super("customer id " + customerId + " is another channel's customer at HQ; offer a new id");
    }
}
