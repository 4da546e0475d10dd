package io.customersync.hq.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The real-time service (sync mode): a channel asks HQ to create the customer now and gets the
 * account number in the answer. It goes through the same staging row as an upload, keyed by the
 * customer id, so if the channel fell back to async and uploads the customer later, the upload
 * finds it synced and no second account number is made. CustomerSynchronized is still emitted, so
 * distribution reaches every channel.
 */
@ApplicationScoped
public class RealTimeCreation {

    private final EntityManager em;
    private final StagedCustomers staging;
    private final AsyncCustomerBatchSynchronizer batch;
    private final AsyncCustomerSynchronizer synchronizer;

    public RealTimeCreation(EntityManager em, StagedCustomers staging, AsyncCustomerBatchSynchronizer batch,
            AsyncCustomerSynchronizer synchronizer) {
        this.em = em;
        this.staging = staging;
        this.batch = batch;
        this.synchronizer = synchronizer;
    }

    /**
     * @throws HeldForReviewException when the customer is held as a possible duplicate
     * @throws SyncRefusedException when HQ's rules refuse it
     */
    public CustomerSynchronized create(CustomerCreated customer) {
        return QuarkusTransaction.requiringNew().call(() -> {
            staging.stageAll(List.of(new StagedCustomers.Upload(UUID.randomUUID(), customer)));
            // the plain case set-based; a possible duplicate or an already synced customer one by one
            List<CustomerSynchronized> synced = em.unwrap(Session.class)
                    .doReturningWork(db -> batch.synchronize(db, List.of(customer.customerId()))).synced();
            return synced.isEmpty() ? synchronizer.synchronize(staging.locked(customer.customerId()))
                    : Optional.of(synced.get(0));
        }).orElseThrow(HeldForReviewException::new);
    }
}
