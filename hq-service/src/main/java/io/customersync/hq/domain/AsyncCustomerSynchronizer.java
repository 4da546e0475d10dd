package io.customersync.hq.domain;

import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.hibernate.Session;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;
import io.quarkus.panache.common.Sort;

/**
 * "Synchronize customers and business partners from async mode": stages an uploaded async customer
 * and turns it into a customer of the master with an account number from the number sequence, in
 * the caller's transaction. The staged row is locked while it is synced, so one async customer gets
 * one account number however often, and by however many instances, its upload is seen.
 */
@ApplicationScoped
public class AsyncCustomerSynchronizer {

    private final EntityManager em;
    private final AccountNumberSequence accountNumbers;
    private final CustomerRules rules;
    private final DuplicatePolicy duplicates;
    private final StagingHistory history;
    private final HqOutbox outbox;
    private final PossibleDuplicates possibleDuplicates;

    public AsyncCustomerSynchronizer(EntityManager em, AccountNumberSequence accountNumbers, CustomerRules rules,
            DuplicatePolicy duplicates, StagingHistory history, HqOutbox outbox, PossibleDuplicates possibleDuplicates) {
        this.em = em;
        this.possibleDuplicates = possibleDuplicates;
        this.accountNumbers = accountNumbers;
        this.rules = rules;
        this.duplicates = duplicates;
        this.history = history;
        this.outbox = outbox;
    }

    /** Stages one upload (the real-time service). */
    public void stage(CustomerCreated upload, UUID uploadEventId) {
        stageAll(List.of(new Upload(uploadEventId, upload)));
    }

    /** An upload event of an async customer. */
    public record Upload(UUID eventId, CustomerCreated customer) {
    }

    /**
     * Stages uploads, once per customer, with one statement: customers not staged yet become PENDING
     * staged customers with their history. A redelivered upload finds its customer staged (staging
     * rows are never deleted), so no event id needs remembering. Writes through the session's
     * connection, loading no entity.
     */
    public void stageAll(List<Upload> uploads) {
        Session session = em.unwrap(Session.class);
        session.flush(); // what this transaction changed before is written first, in order
        session.doWork(db -> {
            try (PreparedStatement insert = db.prepareStatement("""
                    with staged as (
                        insert into async_customer_staging (customer_id, channel_id, async_customer_number, payload,
                                                            status, upload_event_id, received_at)
                        select customer_id, channel_id, async_customer_number, cast(payload as json), 'PENDING', event_id,
                               now()
                        from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) with ordinality
                            as i(event_id, customer_id, channel_id, async_customer_number, payload, position)
                        order by position
                        on conflict (customer_id) do nothing returning customer_id, channel_id)
                    insert into staging_history (customer_id, status, detail)
                    select customer_id, 'PENDING', 'uploaded by ' || channel_id from staged""")) {
                insert.setArray(1, column(db, "uuid", uploads, Upload::eventId));
                insert.setArray(2, column(db, "uuid", uploads, u -> u.customer().customerId()));
                insert.setArray(3, column(db, "text", uploads, u -> u.customer().channelId()));
                insert.setArray(4, column(db, "text", uploads, u -> u.customer().asyncCustomerNumber()));
                insert.setArray(5, column(db, "text", uploads,
                        u -> new String(EventJson.write(u.customer()), StandardCharsets.UTF_8)));
                insert.executeUpdate();
            }
        });
    }

    public AsyncCustomerStaging locked(UUID customerId) {
        return em.find(AsyncCustomerStaging.class, customerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Gives a staged customer its account number (a new one, or an existing one under the LINK policy)
     * and announces it; a synced row is announced as it is.
     *
     * @return what the channel learns, or empty when the customer is held for an ops decision
     * @throws SyncRefusedException when HQ's rules refuse the customer as it is
     */
    public Optional<CustomerSynchronized> synchronize(AsyncCustomerStaging row) {
        if (row.status == StagingStatus.SYNCED) {
            return Optional.of(announcementOf(row));
        }
        if (row.heldReason != null) {
            return Optional.empty();
        }
        CustomerCreated upload = payloadOf(row);
        rules.check(upload);
        Optional<DuplicatePolicy.Match> match = duplicates.find(upload);
        if (match.isPresent() && duplicates.policy() == DuplicatePolicy.Policy.HOLD) {
            row.heldReason = "possible duplicate of " + match.get().accountNumber() + " (rule " + match.get().rule() + ")";
            history.record(row.customerId, "HELD", row.heldReason);
            possibleDuplicates.record(row.customerId, match.get());
            return Optional.empty();
        }
        if (match.isPresent() && duplicates.policy() == DuplicatePolicy.Policy.LINK) {
            return Optional.of(link(row, match.get().accountNumber()));
        }
        CustomerSynchronized synced = createAccount(row, upload);
        match.ifPresent(m -> possibleDuplicates.record(row.customerId, m));
        return Optional.of(synced);
    }

    /** Ops decided a held possible duplicate is someone new: it gets its own account number. */
    public CustomerSynchronized synchronizeIgnoringDuplicates(AsyncCustomerStaging row) {
        CustomerCreated upload = payloadOf(row);
        rules.check(upload);
        return createAccount(row, upload);
    }

    /** Gives the staged customer an existing account number (LINK policy, or an ops decision). */
    public CustomerSynchronized link(AsyncCustomerStaging row, String accountNumber) {
        CustomerCreated upload = payloadOf(row);
        Customer existing = Customer.findById(accountNumber);
        if (existing == null) {
            throw new SyncRefusedException("no customer " + accountNumber + " to link to");
        }
        for (AsyncAddress async : upload.addresses()) {
            CustomerAddress.create(accountNumber, async).persist();
        }
        em.createNativeQuery("insert into customer_link (customer_id, account_number) values (?1, ?2)")
                .setParameter(1, row.customerId).setParameter(2, accountNumber).executeUpdate();
        duplicates.remember(List.of(accountNumber), List.of(DuplicatePolicy.profileOf(upload)));
        markSynced(row, accountNumber, "linked to existing account " + accountNumber);
        CustomerSynchronized synced = announcementOf(row);
        outbox.customerSynchronized(em, synced);
        return synced;
    }

    /**
     * Ops decided a flagged customer, numbered on its own, is the customer with {@code accountNumber}:
     * its addresses and match keys move there, its own account is marked merged (kept: numbers are
     * never reused), and the channels learn the account number that replaces the old one.
     */
    public CustomerSynchronized merge(AsyncCustomerStaging row, String accountNumber) {
        String own = row.accountNumber;
        Customer target = Customer.findById(accountNumber);
        if (target == null || own.equals(accountNumber) || target.mergedInto != null) {
            throw new SyncRefusedException("no other customer " + accountNumber + " to merge into");
        }
        Customer merged = Customer.findById(own);
        List<CustomerAddress> addresses = CustomerAddress.list("accountNumber", Sort.by("id"), own);
        MatchRules.Profile profile = merged.profile(addresses);
        duplicates.move(own, profile, accountNumber, profile);
        addresses.forEach(address -> address.accountNumber = accountNumber);
        merged.mergedInto = accountNumber;
        em.createNativeQuery("insert into customer_link (customer_id, account_number) values (?1, ?2)")
                .setParameter(1, row.customerId).setParameter(2, accountNumber).executeUpdate();
        markSynced(row, accountNumber, "merged " + own + " into " + accountNumber);
        CustomerSynchronized announced = announcementOf(row);
        // the customer as its own record had it, so that its copies in the address book take the new number too
        CustomerSnapshot snapshot = new CustomerSnapshot(merged.firstName, merged.lastName, merged.email, merged.phone,
                merged.attributes, profile.addresses());
        CustomerSynchronized synced = new CustomerSynchronized(announced.customerId(), announced.originChannelId(),
                announced.asyncCustomerNumber(), accountNumber, announced.addresses(), announced.syncedAt(), snapshot, own);
        outbox.customerSynchronized(em, synced);
        return synced;
    }

    private CustomerSynchronized createAccount(AsyncCustomerStaging row, CustomerCreated upload) {
        String accountNumber = accountNumbers.next();
        Customer customer = new Customer();
        customer.accountNumber = accountNumber;
        customer.customerId = upload.customerId();
        customer.originChannelId = upload.channelId();
        customer.asyncCustomerNumber = upload.asyncCustomerNumber();
        customer.firstName = upload.firstName();
        customer.lastName = upload.lastName();
        customer.email = upload.email();
        customer.phone = upload.phone();
        customer.attributes = upload.attributes();
        customer.createdAt = now();
        customer.persist();
        List<CustomerAddress> addresses = new java.util.ArrayList<>();
        for (AsyncAddress async : upload.addresses()) {
            CustomerAddress address = CustomerAddress.create(accountNumber, async);
            address.persist();
            addresses.add(address);
        }
        duplicates.remember(List.of(accountNumber), List.of(DuplicatePolicy.profileOf(upload)));
        markSynced(row, accountNumber, "account " + accountNumber);
        // the addresses were just written (ids in creation order): no need to read them back
        CustomerSynchronized synced = announcement(customer, addresses, row.syncedAt);
        outbox.customerSynchronized(em, synced);
        return synced;
    }

    private void markSynced(AsyncCustomerStaging row, String accountNumber, String detail) {
        row.status = StagingStatus.SYNCED;
        row.accountNumber = accountNumber;
        row.syncedAt = now();
        row.lastError = null;
        history.record(row.customerId, StagingStatus.SYNCED.name(), detail);
        em.flush();
    }

    /** What the channels learn of a synced staged customer, linked or not. */
    private CustomerSynchronized announcementOf(AsyncCustomerStaging row) {
        Customer customer = Customer.findById(row.accountNumber);
        if (customer.customerId.equals(row.customerId)) {
            return announcement(customer, row.syncedAt);
        }
        List<UUID> ownAddresses = payloadOf(row).addresses().stream().map(AsyncAddress::asyncAddressId).toList();
        List<SyncedAddress> addresses = CustomerAddress.<CustomerAddress> list("accountNumber", Sort.by("id"),
                row.accountNumber).stream().filter(a -> ownAddresses.contains(a.asyncAddressId))
                .map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList();
        return new CustomerSynchronized(row.customerId, row.channelId, row.asyncCustomerNumber, row.accountNumber,
                addresses, row.syncedAt, null);
    }

    /**
     * What the channels learn of a customer of the master: its account number, every HQ address id,
     * and the customer itself for the channels that hold a copy.
     */
    static CustomerSynchronized announcement(Customer customer, Instant syncedAt) {
        return announcement(customer, CustomerAddress.list("accountNumber", Sort.by("id"), customer.accountNumber),
                syncedAt);
    }

    private static CustomerSynchronized announcement(Customer customer, List<CustomerAddress> addresses,
            Instant syncedAt) {
        return new CustomerSynchronized(customer.customerId, customer.originChannelId, customer.asyncCustomerNumber,
                customer.accountNumber, addresses.stream().map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList(),
                syncedAt, new CustomerSnapshot(customer.firstName, customer.lastName, customer.email, customer.phone,
                        customer.attributes, addresses.stream().map(CustomerAddress::toAsyncAddress).toList()));
    }

    static CustomerCreated payloadOf(AsyncCustomerStaging row) {
        return AsyncCustomerBatchSynchronizer.payloadOf(row.customerId, row.payload);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
