package io.customersync.channel.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.customersync.channel.api.AddressRequest;
import io.customersync.channel.api.CreateCustomerRequest;
import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;

/**
 * Creates customers at the channel. In async mode the customer, its addresses and its upload event
 * commit in one transaction in the channel database, so the till never waits for HQ or Kafka. In
 * sync mode HQ has already numbered the customer, and it is saved as SYNCED.
 */
@ApplicationScoped
public class CustomerRegistration {

    private final EntityManager em;
    private final AsyncCustomerNumbers numbers;
    private final ChannelOutbox outbox;

    public CustomerRegistration(EntityManager em, AsyncCustomerNumbers numbers, ChannelOutbox outbox) {
        this.em = em;
        this.numbers = numbers;
        this.outbox = outbox;
    }

    /** A new customer with its identities (customer id, async number, async address ids), not saved yet. */
    @Transactional
    public Customer prepare(String channelId, CreateCustomerRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.channelId = channelId;
        customer.asyncCustomerNumber = numbers.next(channelId);
        customer.firstName = request.firstName();
        customer.lastName = request.lastName();
        customer.email = request.email();
        customer.phone = request.phone();
        customer.attributes = request.attributes() == null ? Map.of() : Map.copyOf(request.attributes());
        customer.status = CustomerStatus.ASYNC;
        customer.createdAt = now;
        customer.updatedAt = now;
        List<AddressRequest> addresses = request.addresses() == null ? List.of() : request.addresses();
        for (AddressRequest address : addresses) {
            customer.addresses.add(CustomerAddress.of(customer, customer.addresses.size(), address));
        }
        return customer;
    }

    /** Creates an async customer: identities, row and upload in one transaction. */
    @Transactional
    public Customer registerAsync(String channelId, CreateCustomerRequest request) {
        return saveAsync(prepare(channelId, request));
    }

    /** Saves a prepared customer as ASYNC, with its upload for the P-job. */
    @Transactional
    public Customer saveAsync(Customer customer) {
        customer.persist();
        outbox.customerCreated(em, toEvent(customer));
        return customer;
    }

    /** Saves a prepared customer that HQ's real-time service has already numbered. */
    @Transactional
    public Customer saveSynced(Customer customer, CustomerSynchronized synced) {
        customer.status = CustomerStatus.SYNCED;
        customer.accountNumber = synced.accountNumber();
        customer.syncedAt = synced.syncedAt();
        for (SyncedAddress address : synced.addresses()) {
            customer.addresses.stream().filter(a -> a.id.equals(address.asyncAddressId()))
                    .forEach(a -> a.hqAddressId = address.hqAddressId());
        }
        customer.persist();
        return customer;
    }

    public static CustomerCreated toEvent(Customer c) {
        return new CustomerCreated(c.id, c.channelId, c.asyncCustomerNumber, c.firstName, c.lastName, c.email, c.phone,
                c.addresses.stream().map(CustomerAddress::toEvent).toList(), c.attributes, c.createdAt);
    }

}
