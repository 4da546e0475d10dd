package io.customersync.channel.domain;

import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.customersync.channel.api.AddressRequest;
import io.customersync.channel.api.CreateCustomerRequest;
import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
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

    /**
     * Saves a prepared customer as ASYNC, with its upload for the P-job: two statements on the
     * transaction's connection (customer with addresses; upload with its NOTIFY), no entity loaded.
     */
    @Transactional
    public Customer saveAsync(Customer customer) {
        em.unwrap(Session.class).doWork(db -> insertAsync(db, customer));
        outbox.customerCreated(em, toEvent(customer));
        return customer;
    }

    private static void insertAsync(Connection db, Customer c) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                with saved as (
                    insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                          attributes, status, created_at, updated_at, distributed)
                    values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), 'ASYNC', ?, ?, false) returning id)
                insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose)
                select a.id, saved.id, a.position, a.street, a.city, a.state, a.zip, a.country, a.purpose
                from saved, unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as a(id, position, street, city, state, zip, country, purpose)""")) {
            insert.setObject(1, c.id);
            insert.setString(2, c.channelId);
            insert.setString(3, c.asyncCustomerNumber);
            insert.setString(4, c.firstName);
            insert.setString(5, c.lastName);
            insert.setString(6, c.email);
            insert.setString(7, c.phone);
            insert.setString(8, new String(EventJson.write(c.attributes), StandardCharsets.UTF_8));
            insert.setTimestamp(9, Timestamp.from(c.createdAt));
            insert.setTimestamp(10, Timestamp.from(c.updatedAt));
            insert.setArray(11, column(db, "uuid", c.addresses, a -> a.id));
            insert.setArray(12, column(db, "int4", c.addresses, a -> a.position));
            insert.setArray(13, column(db, "text", c.addresses, a -> a.street));
            insert.setArray(14, column(db, "text", c.addresses, a -> a.city));
            insert.setArray(15, column(db, "text", c.addresses, a -> a.state));
            insert.setArray(16, column(db, "text", c.addresses, a -> a.zip));
            insert.setArray(17, column(db, "text", c.addresses, a -> a.country));
            insert.setArray(18, column(db, "text", c.addresses, a -> a.purpose.name()));
            insert.execute();
        }
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
