package io.customersync.hq.domain;

/** The customer is known at HQ but is no master customer of its own (not numbered yet, or linked to another account). */
public class CustomerNotNumberedException extends RuntimeException {

    public CustomerNotNumberedException(String message) {
        super(message);
    }
}
