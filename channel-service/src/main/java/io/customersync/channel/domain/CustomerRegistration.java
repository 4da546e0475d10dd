package io.customersync.channel.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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

    /** A new customer with its customer id and async address ids; its async number comes when it is saved. */
    public static Customer unnumbered(String channelId, NewCustomer request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.channelId = channelId;
        customer.firstName = request.firstName();
        customer.lastName = request.lastName();
        customer.email = request.email();
        customer.phone = request.phone();
        customer.attributes = Map.copyOf(request.attributes());
        customer.status = CustomerStatus.ASYNC;
        customer.createdAt = now;
        customer.updatedAt = now;
        for (NewAddress address : request.addresses()) {
            customer.addresses.add(CustomerAddress.of(customer, customer.addresses.size(), address));
        }
        return customer;
    }

    /** A new customer with all its identities (async number too, for HQ's real-time service), not saved yet. */
    @Transactional
    public Customer prepare(String channelId, NewCustomer request) {
        Customer customer = unnumbered(channelId, request);
        em.unwrap(Session.class).doWork(db -> numbers.assign(db, List.of(customer)));
        return customer;
    }

    /** Creates an async customer in the caller's transaction (which holds its Idempotency-Key answer). */
    @Transactional
    public Customer registerAsync(String channelId, NewCustomer request) {
        return saveAsync(List.of(unnumbered(channelId, request))).get(0);
    }

    /**
     * Saves customers as ASYNC, each with its upload for the P-job, in one transaction and with one
     * statement per table whatever their number (no entity loaded); those without an async number get
     * one here. {@link AsyncCustomerGroupCommit} hands over all POSTs that arrived during the last
     * write at once.
     */
    @Transactional
    public List<Customer> saveAsync(List<Customer> customers) {
        em.unwrap(Session.class).doWork(db -> {
            numbers.assign(db, customers);
            insertAsync(db, customers);
        });
        outbox.customersCreated(em, customers.stream().map(CustomerRegistration::toEvent).toList());
        return customers;
    }

    private static void insertAsync(Connection db, List<Customer> customers) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                      attributes, status, created_at, updated_at, distributed)
                select id, channel_id, number, first_name, last_name, email, phone, cast(attributes as jsonb),
                       'ASYNC', created_at, created_at, false
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::timestamptz[])
                    as c(id, channel_id, number, first_name, last_name, email, phone, attributes, created_at)""")) {
            insert.setArray(1, column(db, "uuid", customers, c -> c.id));
            insert.setArray(2, column(db, "text", customers, c -> c.channelId));
            insert.setArray(3, column(db, "text", customers, c -> c.asyncCustomerNumber));
            insert.setArray(4, column(db, "text", customers, c -> c.firstName));
            insert.setArray(5, column(db, "text", customers, c -> c.lastName));
            insert.setArray(6, column(db, "text", customers, c -> c.email));
            insert.setArray(7, column(db, "text", customers, c -> c.phone));
            insert.setArray(8, column(db, "text", customers,
                    c -> new String(EventJson.write(c.attributes), StandardCharsets.UTF_8)));
            insert.setArray(9, column(db, "text", customers, c -> c.createdAt.toString()));
            insert.execute();
        }
        List<CustomerAddress> addresses = customers.stream().flatMap(c -> c.addresses.stream()).toList();
        if (addresses.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose)
                select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::text[])""")) {
            insert.setArray(1, column(db, "uuid", addresses, a -> a.id));
            insert.setArray(2, column(db, "uuid", addresses, a -> a.customer.id));
            insert.setArray(3, column(db, "int4", addresses, a -> a.position));
            addressColumns(insert, 4, addresses.stream().map(CustomerAddress::toEvent).toList());
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
