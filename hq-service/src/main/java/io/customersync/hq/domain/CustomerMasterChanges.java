package io.customersync.hq.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventJson;
import io.customersync.hq.messaging.HqOutbox;
import io.customersync.messaging.PoisonEventException;

/**
 * Edits and new addresses uploaded by the channels. For a customer still waiting in staging they
 * change what will be synced; for a synced customer they change the customer master, and a new
 * address gets its HQ address id, announced to the channels.
 */
@ApplicationScoped
public class CustomerMasterChanges {

    private final EntityManager em;
    private final HqOutbox outbox;
    private final DuplicatePolicy duplicates;

    public CustomerMasterChanges(EntityManager em, HqOutbox outbox, DuplicatePolicy duplicates) {
        this.em = em;
        this.outbox = outbox;
        this.duplicates = duplicates;
    }

    public void update(CustomerUpdated update) {
        AsyncCustomerStaging row = staged(update.customerId());
        CustomerCreated staged = AsyncCustomerSynchronizer.payloadOf(row);
        restage(row, new CustomerCreated(staged.customerId(), staged.channelId(), staged.asyncCustomerNumber(),
                update.firstName(), update.lastName(), update.email(), update.phone(), staged.addresses(),
                update.attributes(), staged.createdAt()));
        if (row.status == StagingStatus.SYNCED) {
            Customer customer = Customer.findById(row.accountNumber);
            MatchRules.Profile before = profileOf(customer);
            customer.firstName = update.firstName();
            customer.lastName = update.lastName();
            customer.email = update.email();
            customer.phone = update.phone();
            customer.attributes = update.attributes();
            em.flush();
            duplicates.move(customer.accountNumber, before, customer.accountNumber, profileOf(customer));
            announce(customer);
        }
    }

    public void addAddress(AddressAdded added) {
        AsyncCustomerStaging row = staged(added.customerId());
        CustomerCreated staged = AsyncCustomerSynchronizer.payloadOf(row);
        if (staged.addresses().stream().anyMatch(a -> a.asyncAddressId().equals(added.address().asyncAddressId()))) {
            return;
        }
        List<AsyncAddress> addresses = new ArrayList<>(staged.addresses());
        addresses.add(added.address());
        restage(row, new CustomerCreated(staged.customerId(), staged.channelId(), staged.asyncCustomerNumber(),
                staged.firstName(), staged.lastName(), staged.email(), staged.phone(), addresses, staged.attributes(),
                staged.createdAt()));
        if (row.status == StagingStatus.SYNCED) {
            CustomerAddress.create(row.accountNumber, added.address()).persist();
            Customer customer = Customer.findById(row.accountNumber);
            duplicates.remember(List.of(customer.accountNumber), List.of(profileOf(customer)));
            announce(customer);
        }
    }

    private static MatchRules.Profile profileOf(Customer customer) {
        return customer.profile(CustomerAddress.list("accountNumber", customer.accountNumber));
    }

    /** Edits synced at HQ reach the channels the same way as the account number did. */
    private void announce(Customer customer) {
        outbox.customerSynchronized(em, AsyncCustomerSynchronizer.announcement(customer,
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    private AsyncCustomerStaging staged(java.util.UUID customerId) {
        AsyncCustomerStaging row = em.find(AsyncCustomerStaging.class, customerId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new PoisonEventException("customer " + customerId + " was never uploaded to HQ");
        }
        return row;
    }

    private static void restage(AsyncCustomerStaging row, CustomerCreated payload) {
        row.payload = new String(EventJson.write(payload), StandardCharsets.UTF_8);
    }
}
