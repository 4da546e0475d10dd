package io.customersync.hq.domain;

/** No staged customer with that id (or none the caller may see). */
public class UnknownStagedCustomerException extends RuntimeException {

    public UnknownStagedCustomerException() {
        super("no such staged customer");
    }
}
