package io.customersync.hq.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.customersync.hq.config.HqConfig;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.hq.domain.ChannelTransactions;
import io.customersync.hq.domain.SalesOrders;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
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

    private final AsyncCustomerSynchronizer synchronizer;
    private final StagedCustomers staging;
    private final ChannelTransactions transactions;
    private final SalesOrders salesOrders;
    private final CustomerSyncJob customers;
    private final int batchSize;

    public OrderSyncJob(AsyncCustomerSynchronizer synchronizer, StagedCustomers staging,
            ChannelTransactions transactions, SalesOrders salesOrders, CustomerSyncJob customers,
            HqConfig config) {
        this.synchronizer = synchronizer;
        this.staging = staging;
        this.transactions = transactions;
        this.salesOrders = salesOrders;
        this.customers = customers;
        this.batchSize = config.jobs().batchSize();
    }

    @Override
    public JobRunner.Result run() {
        List<ChannelTransactions.WaitingOrder> orders = QuarkusTransaction.requiringNew()
                .call(() -> transactions.waitingOrders(batchSize));
        int processed = 0;
        int waiting = 0;
        for (ChannelTransactions.WaitingOrder order : orders) {
            UUID transactionId = order.transactionId();
            UUID customerId = order.customerId();
            try {
                if (QuarkusTransaction.requiringNew().call(() -> createSalesOrder(transactionId, customerId))) {
                    processed++;
                } else {
                    waiting++;
                }
            } catch (RuntimeException failure) {
                if (!customers.failIfRefused(customerId, failure)) {
                    throw failure;
                }
                waiting++; // the order waits for its customer
            }
        }
        return new JobRunner.Result(processed, waiting);
    }

    private boolean createSalesOrder(UUID transactionId, UUID customerId) {
        AsyncCustomerStaging customer = staging.locked(customerId);
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
        boolean created = salesOrders.create(transactionId, customer.accountNumber);
        transactions.markProcessed(transactionId);
        return created;
    }
}
