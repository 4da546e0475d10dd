package io.customersync.channel.domain;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.SyncedAddress;

/**
 * Creates customers at the channel. In async mode the customer, its addresses and its upload event
 * commit in one transaction in the channel database, so the till never waits for HQ or Kafka. In
 * sync mode HQ has already numbered the customer, and it is saved as SYNCED.
 */
@ApplicationScoped
public class CustomerRegistration {

    private final ChannelDatabase database;
    private final Customers customers;
    private final AsyncCustomerNumbers numbers;
    private final ChannelOutbox outbox;
    private final CustomerDataKeys keys;

    public CustomerRegistration(ChannelDatabase database, Customers customers, AsyncCustomerNumbers numbers,
            ChannelOutbox outbox, CustomerDataKeys keys) {
        this.database = database;
        this.customers = customers;
        this.numbers = numbers;
        this.outbox = outbox;
        this.keys = keys;
    }

    /** A new customer with its customer id and async address ids; its async number comes when it is saved. */
    public static Customer unnumbered(String channelId, NewCustomer request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.takesKeyMadeAhead = true;
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

    /**
     * A new customer with all its identities (async number too, for HQ's real-time service), not saved yet:
     * {@code customerId}, and address ids made from it, so that every try of one request offers HQ the same.
     */
    @Transactional
    public Customer prepare(String channelId, NewCustomer request, UUID customerId) {
        Customer customer = unnumbered(channelId, request);
        customer.id = customerId;
        customer.addresses.forEach(a -> a.id = UUID.nameUUIDFromBytes((customerId + "/address/" + a.position)
                .getBytes(StandardCharsets.UTF_8)));
        customer.takesKeyMadeAhead = false; // its id goes to HQ's real-time service
        return database.call("number a customer", db -> {
            numbers.assign(db, List.of(customer));
            return customer;
        });
    }

    /** The customer saved here under {@code id}, if any. */
    @Transactional
    public Optional<Customer> saved(UUID id) {
        return Optional.ofNullable(customers.find(id));
    }

    /**
     * A customer to save as ASYNC; with the request that creates it if it came with an Idempotency-Key
     * (null without), whose answer, as an {@code outcome}, is kept with the key in the same transaction.
     */
    public record NewAsync(Customer customer, KeyedRequest key, CustomerCreation.Outcome outcome) {
    }

    /**
     * Saves customers as ASYNC, each with its upload for the P-job, in one transaction and with one
     * statement per table whatever their number (no entity loaded); those without an async number get
     * one here, and those new here the ids of keys made ahead ({@link CustomerDataKeys#takeMadeAhead}; another
     * if this transaction fails and the customer is saved again), whose keys seal their uploads.
     * {@link CustomerGroupCommit} hands over all POSTs that arrived during the last write at once. One whose
     * Idempotency-Key another try claimed first is not saved (empty; the id and number it was given stay unused).
     */
    @Transactional
    public List<Optional<Customer>> saveAsync(List<NewAsync> group) {
        List<Customer> all = group.stream().map(NewAsync::customer).toList();
        List<Customer> newHere = all.stream().filter(c -> c.takesKeyMadeAhead).toList();
        Iterator<CustomerDataKeys.MadeAhead> madeAhead = keys.takeMadeAhead(newHere.size()).iterator();
        Map<UUID, DataKey> keyOf = new HashMap<>();
        for (Customer customer : newHere) {
            if (madeAhead.hasNext()) {
                CustomerDataKeys.MadeAhead taken = madeAhead.next();
                customer.id = taken.customerId();
                keyOf.put(customer.id, taken.key());
            } else {
                customer.id = UUID.randomUUID();
            }
        }
        Set<KeyedRequest> claimed = database.call("save async customers", db -> {
            numbers.assign(db, all); // before the answers kept with the keys: they show the async numbers
            Set<KeyedRequest> claimedHere = claim(db, group.stream().filter(n -> n.key() != null).map(n -> new Kept(
                    n.key(), n.key().answers().created(new CustomerCreation.Created(n.customer(), n.outcome()))))
                    .toList());
            List<Customer> saving = group.stream().filter(n -> n.key() == null || claimedHere.contains(n.key()))
                    .map(NewAsync::customer).toList();
            Customers.insertNew(db, saving);
            outbox.customersCreated(db, saving.stream().map(CustomerRegistration::toEvent).toList(), keyOf);
            return claimedHere;
        });
        Predicate<NewAsync> saved = n -> n.key() == null || claimed.contains(n.key());
        return group.stream().map(n -> saved.test(n) ? Optional.of(n.customer()) : Optional.<Customer> empty()).toList();
    }

    /** A request's Idempotency-Key and the answer to keep with it. */
    private record Kept(KeyedRequest key, IdempotentRequests.StoredAnswer answer) {
    }

    /** Claims the keys, with their answers, in this transaction: those it claimed ({@link IdempotentRequests#claim}). */
    private static Set<KeyedRequest> claim(Connection db, List<Kept> kept) throws SQLException {
        return kept.isEmpty() ? Set.of() : IdempotentRequests.claim(db, kept.stream().map(Kept::key).toList(),
                kept.stream().map(Kept::answer).toList());
    }

    /**
     * Saves a prepared customer that HQ's real-time service holds as a possible duplicate: async (its
     * upload lets HQ find it staged, and ops' decision reach this store), ON_HOLD from the start; with its
     * Idempotency-Key's answer (the hold), unless another try claimed the key first (empty: nothing saved).
     */
    @Transactional
    public Optional<HeldAtHqException> saveHeld(Customer customer, String hqDetail, KeyedRequest key) {
        return database.call("save a held customer", db -> {
            numbers.assign(db, List.of(customer));
            HeldAtHqException held = new HeldAtHqException(customer.id, customer.asyncCustomerNumber, hqDetail);
            if (key != null && claim(db, List.of(new Kept(key, key.answers().held(held)))).isEmpty()) {
                return Optional.empty();
            }
            Customers.insertNew(db, List.of(customer));
            Customers.markHeldAtHq(db, customer);
            outbox.customersCreated(db, List.of(toEvent(customer)), Map.of());
            return Optional.of(held);
        });
    }

    /** A prepared customer, HQ's real-time answer for it, and its keyed request (null without a key). */
    public record NumberedAtHq(Customer customer, CustomerSynchronized synced, KeyedRequest key) {
    }

    /**
     * Saves prepared customers HQ's real-time service has already numbered, as SYNCED, in one transaction
     * with one statement per table ({@link CustomerGroupCommit}). A customer the 1010 job placed here first
     * (this store was slower than its origin grace) is answered as it is here (no answer kept for one erased
     * since: it is gone). One whose Idempotency-Key another try claimed first is not saved (empty).
     */
    @Transactional
    public List<Optional<Customer>> saveSynced(List<NumberedAtHq> numbered) {
        Map<UUID, Customer> placed = customers.placed(numbered.stream().map(n -> n.customer().id).toList());
        Predicate<NumberedAtHq> erasedHere = n -> placed.containsKey(n.customer().id) && placed.get(n.customer().id).erasedAt != null;
        numbered.stream().filter(n -> !placed.containsKey(n.customer().id)).forEach(n -> {
            Customer customer = n.customer();
            customer.status = CustomerStatus.SYNCED;
            if (n.synced().asyncCustomerNumber() != null) { // an earlier try's, which HQ staged first
                customer.asyncCustomerNumber = n.synced().asyncCustomerNumber();
            }
            customer.accountNumber = n.synced().accountNumber();
            customer.syncedAt = n.synced().syncedAt();
            customer.hqVersion = n.synced().version();
            for (SyncedAddress address : n.synced().addresses()) {
                customer.addresses.stream().filter(a -> a.id.equals(address.asyncAddressId()))
                        .forEach(a -> a.hqAddressId = address.hqAddressId());
            }
        });
        List<Kept> kept = numbered.stream().filter(n -> n.key() != null && !erasedHere.test(n))
                .map(n -> new Kept(n.key(), n.key().answers().created(new CustomerCreation.Created(
                        placed.getOrDefault(n.customer().id, n.customer()), CustomerCreation.Outcome.SYNC)))).toList();
        Set<KeyedRequest> claimed = database.call("save synced customers", db -> {
            Set<KeyedRequest> claimedHere = claim(db, kept);
            List<Customer> newHere = numbered.stream()
                    .filter(n -> n.key() == null || claimedHere.contains(n.key()) || erasedHere.test(n))
                    .filter(n -> !placed.containsKey(n.customer().id)).map(NumberedAtHq::customer).toList();
            if (!newHere.isEmpty()) {
                Customers.insertNew(db, newHere);
            }
            return claimedHere;
        });
        Predicate<NumberedAtHq> answered = n -> n.key() == null || claimed.contains(n.key()) || erasedHere.test(n);
        return numbered.stream().map(n -> answered.test(n)
                ? Optional.of(placed.getOrDefault(n.customer().id, n.customer())) : Optional.<Customer> empty()).toList();
    }

    public static CustomerCreated toEvent(Customer c) {
        return new CustomerCreated(c.id, c.channelId, c.asyncCustomerNumber, c.firstName, c.lastName, c.email, c.phone,
                c.addresses.stream().map(CustomerAddress::toEvent).toList(), c.attributes, c.createdAt);
    }

}
