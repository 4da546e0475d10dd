package io.customersync.channel.domain;

import java.util.UUID;

import io.customersync.contracts.AsyncAddress;

/**
 * An address of a customer: its id is the async address id; HQ's id arrives with the sync. It refers to its
 * customer as an object, whose id a group commit may set after the address was made ({@link Customers#insertNew}).
 */
public class CustomerAddress {

    public UUID id;

    public Customer customer;

    public int position;

    public String street;

    public String city;

    public String state;

    public String zip;

    public String country;

    public AddressPurpose purpose;

    public Long hqAddressId;

    /** When its store removed it; null while it is the customer's (a removed row stays: sales name it). */
    public java.time.Instant removedAt;

    public static CustomerAddress of(Customer customer, int position, NewAddress request) {
        CustomerAddress address = new CustomerAddress();
        address.id = UUID.randomUUID();
        address.customer = customer;
        address.position = position;
        address.street = request.street();
        address.city = request.city();
        address.state = request.state();
        address.zip = request.zip();
        address.country = request.country();
        address.purpose = request.purpose();
        return address;
    }

    /** Whether it is this address already (a till's retry of the same change). */
    boolean is(NewAddress request) {
        return new NewAddress(street, city, state, zip, country, purpose).equals(request);
    }

    void changeTo(NewAddress request) {
        street = request.street();
        city = request.city();
        state = request.state();
        zip = request.zip();
        country = request.country();
        purpose = request.purpose();
    }

    public boolean removed() {
        return removedAt != null;
    }

    public AsyncAddress toEvent() {
        return new AsyncAddress(id, street, city, state, zip, country, purpose.name(), removed() ? Boolean.TRUE : null);
    }
}
