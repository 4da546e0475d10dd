package io.customersync.hq.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;
import io.quarkus.panache.common.Sort;
import io.customersync.messaging.PoisonEventException;

/**
 * "Synchronize customers and business partners from async mode": stages an uploaded async
 * customer and turns it into a customer of the master with an account number from the number
 * sequence, in the caller's transaction. The staged row is locked while it is synced, so one
 * async customer gets one account number however often, and by however many instances, its
 * upload is seen.
 */
@ApplicationScoped
public class AsyncCustomerSynchronizer {

    private final EntityManager em;
    private final AccountNumberSequence accountNumbers;
    private final HqOutbox outbox;

    public AsyncCustomerSynchronizer(EntityManager em, AccountNumberSequence accountNumbers, HqOutbox outbox) {
        this.em = em;
        this.accountNumbers = accountNumbers;
        this.outbox = outbox;
    }

    /** Stages the upload (once per customer) and returns the staged row, locked for this transaction. */
    public AsyncCustomerStaging stage(CustomerCreated upload, UUID uploadEventId) {
        em.createNativeQuery("""
                insert into async_customer_staging
                    (customer_id, channel_id, async_customer_number, payload, status, upload_event_id, received_at)
                values (?1, ?2, ?3, cast(?4 as jsonb), 'PENDING', ?5, now())
                on conflict (customer_id) do nothing""")
                .setParameter(1, upload.customerId())
                .setParameter(2, upload.channelId())
                .setParameter(3, upload.asyncCustomerNumber())
                .setParameter(4, new String(EventJson.write(upload), StandardCharsets.UTF_8))
                .setParameter(5, uploadEventId)
                .executeUpdate();
        return em.find(AsyncCustomerStaging.class, upload.customerId(), LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Gives a staged customer its account number and announces it; a synced row is left as it is.
     *
     * @return what the channel learns: the account number and HQ address ids
     */
    public CustomerSynchronized synchronize(AsyncCustomerStaging row) {
        if (row.status == StagingStatus.SYNCED) {
            return announcement(Customer.findById(row.accountNumber), row.syncedAt);
        }
        CustomerCreated upload = payloadOf(row);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
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
        customer.createdAt = now;
        customer.persist();

        for (AsyncAddress async : upload.addresses()) {
            CustomerAddress.create(accountNumber, async).persist();
        }

        row.status = StagingStatus.SYNCED;
        row.accountNumber = accountNumber;
        row.syncedAt = now;
        row.lastError = null;
        CustomerSynchronized synced = announcement(customer, now);
        outbox.customerSynchronized(em, synced);
        return synced;
    }

    /**
     * What the channels learn of a customer of the master: its account number, every HQ address id,
     * and the customer itself for the channels that hold a copy.
     */
    static CustomerSynchronized announcement(Customer customer, Instant syncedAt) {
        List<CustomerAddress> addresses = CustomerAddress.list("accountNumber", Sort.by("id"), customer.accountNumber);
        return new CustomerSynchronized(customer.customerId, customer.originChannelId, customer.asyncCustomerNumber,
                customer.accountNumber, addresses.stream().map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList(),
                syncedAt, new CustomerSnapshot(customer.firstName, customer.lastName, customer.email, customer.phone,
                        customer.attributes, addresses.stream().map(CustomerAddress::toAsyncAddress).toList()));
    }

    static CustomerCreated payloadOf(AsyncCustomerStaging row) {
        try {
            return EventJson.read(row.payload.getBytes(StandardCharsets.UTF_8), CustomerCreated.class);
        } catch (IOException e) {
            throw new PoisonEventException("staged customer " + row.customerId + " has an unreadable payload", e);
        }
    }
}
