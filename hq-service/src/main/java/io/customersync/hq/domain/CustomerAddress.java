package io.customersync.hq.domain;

import java.util.UUID;

import io.customersync.contracts.AsyncAddress;

/**
 * An address of the customer master (a row of {@code customer_address}, read by {@link CustomerMaster}); its
 * id is the HQ address id sent back to the channel.
 */
public class CustomerAddress {

    public Long id;

    public String accountNumber;

    public UUID asyncAddressId;

    public String street;

    public String city;

    public String state;

    public String zip;

    public String country;

    public String purpose;

    /** When its store removed it (null while it is the customer's): it stays, in its place (sales name it). */
    public java.time.Instant removedAt;

    /** When its store last changed it (null if never). */
    public java.time.Instant changedAt;

    /** Its store removed it: it no longer matches anyone. */
    public boolean removed() {
        return removedAt != null;
    }

    public AsyncAddress toAsyncAddress() {
        return new AsyncAddress(asyncAddressId, street, city, state, zip, country, purpose, removed() ? Boolean.TRUE : null);
    }
}
