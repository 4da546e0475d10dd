package io.customersync.channel.domain;

import java.util.UUID;

/** HQ erased the customer's personal data (docs/privacy.md): it cannot be read, edited or added to any more. */
public class CustomerErasedException extends RuntimeException {

    public CustomerErasedException(UUID customerId) {
        super("customer " + customerId + " was erased at the customer's request");
    }
}
