package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.customersync.contracts.AsyncAddress;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An address of the customer master; its id is the HQ address id sent back to the channel. */
@Entity
@Table(name = "customer_address")
public class CustomerAddress extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_number")
    public String accountNumber;

    @Column(name = "async_address_id")
    public UUID asyncAddressId;

    public String street;

    public String city;

    public String state;

    public String zip;

    public String country;

    public String purpose;

    public AsyncAddress toAsyncAddress() {
        return new AsyncAddress(asyncAddressId, street, city, state, zip, country, purpose);
    }

    /** A new address of the master for an async address, not saved yet. */
    public static CustomerAddress create(String accountNumber, AsyncAddress async) {
        CustomerAddress address = new CustomerAddress();
        address.accountNumber = accountNumber;
        address.asyncAddressId = async.asyncAddressId();
        address.street = async.street();
        address.city = async.city();
        address.state = async.state();
        address.zip = async.zip();
        address.country = async.country();
        address.purpose = async.purpose();
        return address;
    }
}
