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
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;

/**
 * Creates async customers: the customer, its addresses and its upload event commit in one
 * transaction in the channel database, so the till never waits for HQ or Kafka.
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

    @Transactional
    public Customer register(String channelId, CreateCustomerRequest request) {
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
        for (int i = 0; i < addresses.size(); i++) {
            customer.addresses.add(address(customer, i, addresses.get(i)));
        }
        customer.persist();
        outbox.customerCreated(em, new CustomerCreated(customer.id, channelId, customer.asyncCustomerNumber,
                customer.firstName, customer.lastName, customer.email, customer.phone,
                customer.addresses.stream().map(CustomerRegistration::asyncAddress).toList(), customer.attributes,
                now));
        return customer;
    }

    private static CustomerAddress address(Customer customer, int position, AddressRequest request) {
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

    private static AsyncAddress asyncAddress(CustomerAddress a) {
        return new AsyncAddress(a.id, a.street, a.city, a.state, a.zip, a.country, a.purpose.name());
    }
}
