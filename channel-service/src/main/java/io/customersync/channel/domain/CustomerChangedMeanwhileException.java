package io.customersync.channel.domain;

import java.util.UUID;

/**
 * An edit made on a version of the customer that is no longer its current one (the caller's {@code If-Match}): nothing
 * is changed; the caller reads it again and makes its edit on what is there now.
 */
public class CustomerChangedMeanwhileException extends RuntimeException {

    public CustomerChangedMeanwhileException(UUID customerId) {
        super("customer " + customerId + " changed since the version named in If-Match: read it again (its ETag) "
                + "and edit what is there now");
    }
}
