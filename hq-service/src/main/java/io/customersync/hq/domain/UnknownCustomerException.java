package io.customersync.hq.domain;

/** No customer of the master has this account number or customer id. */
public class UnknownCustomerException extends RuntimeException {

    public UnknownCustomerException(String reference) {
        super("no customer " + reference + " at HQ");
    }
}
