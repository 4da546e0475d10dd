package io.customersync.hq.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.customersync.hq.config.HqConfig;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.domain.SyncRefusedException;
import io.customersync.messaging.JobRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * "Synchronize orders": each customer order uploaded by a channel becomes an HQ sales order. If it
 * references an async customer not synced yet, that customer is synced first, in the same
 * transaction. An order whose customer is held or refused waits for the next run.
 */
@ApplicationScoped
public class OrderSyncJob implements JobRunner.Job {

    private static final Logger LOG = Logger.getLogger(OrderSyncJob.class);

    private final EntityManager em;
    private final AsyncCustomerSynchronizer synchronizer;
    private final CustomerSyncJob customers;
    private final int batchSize;

    public OrderSyncJob(EntityManager em, AsyncCustomerSynchronizer synchronizer, CustomerSyncJob customers,
            HqConfig config) {
        this.em = em;
        this.synchronizer = synchronizer;
        this.customers = customers;
        this.batchSize = config.jobs().batchSize();
    }

    @Override
    @SuppressWarnings("unchecked")
    public JobRunner.Result run() {
        List<Object[]> orders = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select transaction_id, customer_id from channel_transaction
                where type = 'CUSTOMER_ORDER' and processed_at is null order by received_at limit ?1""")
                .setParameter(1, batchSize).getResultList());
        int processed = 0;
        int waiting = 0;
        for (Object[] order : orders) {
            UUID transactionId = (UUID) order[0];
            UUID customerId = (UUID) order[1];
            try {
                if (QuarkusTransaction.requiringNew().call(() -> createSalesOrder(transactionId, customerId))) {
                    processed++;
                } else {
                    waiting++;
                }
            } catch (SyncRefusedException refused) {
                customers.markFailed(customerId, refused.getMessage());
                waiting++;
            }
        }
        return new JobRunner.Result(processed, waiting);
    }

    private boolean createSalesOrder(UUID transactionId, UUID customerId) {
        AsyncCustomerStaging customer = synchronizer.locked(customerId);
        if (customer == null) {
            LOG.warnf("order %s references customer %s, which HQ has not received", transactionId, customerId);
            return false;
        }
        if (customer.status != StagingStatus.SYNCED) {
            Optional<?> synced = synchronizer.synchronize(customer);
            if (synced.isEmpty()) {
                return false; // held for an ops decision
            }
        }
        int created = em.createNativeQuery("""
                insert into sales_order (transaction_id, account_number, channel_id, currency, total)
                select transaction_id, ?2, channel_id, currency, total from channel_transaction
                where transaction_id = ?1 and processed_at is null
                on conflict do nothing""")
                .setParameter(1, transactionId).setParameter(2, customer.accountNumber).executeUpdate();
        em.createNativeQuery("update channel_transaction set processed_at = now() where transaction_id = ?1")
                .setParameter(1, transactionId).executeUpdate();
        return created == 1;
    }
}
