package io.customersync.hq.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.hq.config.HqConfig;
import io.customersync.messaging.GroupCommit;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The real-time service (sync mode): a channel asks HQ to create the customer now and gets the
 * account number in the answer. It goes through the same staging row as an upload, keyed by the
 * customer id, so if the channel fell back to async and uploads the customer later, the upload
 * finds it synced and no second account number is made. CustomerSynchronized is still emitted, so
 * distribution reaches every channel.
 * <p>
 * Calls that come together share a transaction ({@link GroupCommit}, {@code hq.real-time.*}, writers
 * {@code rts-group-commit:<n>}): their customers are staged and numbered set-based, as a chunk of
 * uploads is, and each call is answered once its customer committed. A group HQ's rules refuse
 * one customer of is numbered again each customer alone, so only that call hears the refusal.
 */
@Singleton
public class RealTimeCreation {

    private final StagedCustomers staging;
    private final AsyncCustomerBatchSynchronizer batch;
    private final AsyncCustomerSynchronizer synchronizer;
    private final GroupCommit<CustomerCreated, Optional<CustomerSynchronized>> groupCommit;

    public RealTimeCreation(StagedCustomers staging, AsyncCustomerBatchSynchronizer batch,
            AsyncCustomerSynchronizer synchronizer, HqConfig config, Workers workers) {
        this.staging = staging;
        this.batch = batch;
        this.synchronizer = synchronizer;
        groupCommit = new GroupCommit<>(PipelineConfig.groupCommit(config.realTime(), "rts-group-commit",
                "real-time creations"), this::createAll,
                SyncRefusedException::refusedForItsData,
                RealTimeBusyException::new, workers);
    }

    void start(@Observes StartupEvent event) {
        groupCommit.start();
    }

    void stop(@Observes ShutdownEvent event) {
        groupCommit.stop();
    }

    /**
     * @throws HeldForReviewException when the customer is held as a possible duplicate
     * @throws SyncRefusedException when HQ's rules refuse it
     * @throws RealTimeBusyException when no writer took it in time (nothing was created)
     * @throws CustomerOfAnotherChannelException when the id is another channel's customer (nothing answered of it)
     */
    public CustomerSynchronized create(CustomerCreated customer) {
        CustomerSynchronized synced = groupCommit.write(customer).orElseThrow(HeldForReviewException::new);
        // an id staged before by another channel: staging kept that customer, and its answer is not this caller's
        if (!customer.channelId().equals(synced.originChannelId())) {
            throw new CustomerOfAnotherChannelException(customer.customerId());
        }
        return synced;
    }

    /** One group in one transaction: each customer's account number, or empty when it is held. */
    private List<Optional<CustomerSynchronized>> createAll(List<CustomerCreated> customers) {
        return QuarkusTransaction.requiringNew().call(() -> {
            staging.stageAll(customers.stream().map(c -> new StagedCustomers.Upload(UUID.randomUUID(), c)).toList());
            List<UUID> ids = customers.stream().map(CustomerCreated::customerId).toList();
            // the plain case set-based; a possible duplicate or an already synced customer one by one
            Map<UUID, CustomerSynchronized> synced = batch.synchronize(ids).synced().stream()
                    .collect(Collectors.toMap(CustomerSynchronized::customerId, Function.identity(), (a, b) -> a));
            return customers.stream().map(c -> Optional.ofNullable(synced.get(c.customerId()))
                    .or(() -> synchronizer.synchronize(staging.locked(c.customerId())))).toList();
        });
    }
}
