package io.customersync.channel.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.customersync.contracts.AsyncAddress;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An address of a customer: its id is the async address id; HQ's id arrives with the sync. */
@Entity
@Table(name = "customer_address")
public class CustomerAddress extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    public int position;

    public String street;

    public String city;

    public String state;

    public String zip;

    public String country;

    @Enumerated(EnumType.STRING)
    public AddressPurpose purpose;

    @Column(name = "hq_address_id")
    public Long hqAddressId;

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

    public AsyncAddress toEvent() {
        return new AsyncAddress(id, street, city, state, zip, country, purpose.name());
    }
}
