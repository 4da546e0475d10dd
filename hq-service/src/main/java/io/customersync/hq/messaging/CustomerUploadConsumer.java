package io.customersync.hq.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;


import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AddressChanged;
import io.customersync.contracts.AddressRemoved;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.contracts.Topics;
import io.customersync.contracts.SealableEvent;
import io.customersync.hq.domain.ProcessedEvents;
import io.customersync.hq.domain.SealedUploads;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.ChannelTransactions;
import io.customersync.hq.domain.CustomerMasterChanges;
import io.customersync.hq.jobs.CustomerSyncJob;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.hq.config.HqConfig;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.IncomingEvent;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.PoisonEventException;
import io.customersync.messaging.Workers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes the channels' uploads (customers, edits, addresses, transactions, in order per customer):
 * each poll's events are staged in one HQ transaction; then the customer-sync and order-sync jobs
 * are told, and in their default continuous mode an async customer has its account number moments
 * after the till saved it. A poll of a few new customers ({@code hq.jobs.customer-sync.inline-max}) has
 * them numbered in the transaction that stages them. Sealed uploads are opened with the customer's data key first
 * ({@link SealedUploads}); one of an erased customer (its key destroyed) is dropped, and one whose key
 * has not arrived yet is retried, never dead-lettered.
 */
@Singleton
public class CustomerUploadConsumer {

    private static final String NAME = "customer-upload-consumer";
    /** The poll's customers were not numbered where they were staged. */
    private static final int NOT_HERE = -1;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CustomerUploadConsumer.class);

    private final StagedCustomers staging;
    private final CustomerMasterChanges changes;
    private final ChannelTransactions transactions;
    private final ProcessedEvents processed;
    private final HqJobs jobs;
    private final SealedUploads sealed;
    private final CustomerSyncJob customerSync;
    private final int inlineMax;
    private final EventConsumerRunner runner;

    public CustomerUploadConsumer(StagedCustomers staging, CustomerMasterChanges changes,
            ChannelTransactions transactions, ProcessedEvents processed, HqJobs jobs, SealedUploads sealed,
            CustomerSyncJob customerSync, @Identifier("default-kafka-broker") Map<String, Object> kafka, HqConfig config,
            PipelineConfig.Topics topics, Workers workers) {
        this.jobs = jobs;
        this.customerSync = customerSync;
        this.inlineMax = config.jobs().customerSync().inlineMax();
        this.sealed = sealed;
        this.staging = staging;
        this.changes = changes;
        this.transactions = transactions;
        this.processed = processed;
        this.runner = new EventConsumerRunner(kafka, topics, config.uploadConsumer(), NAME, Topics.CUSTOMER_UPLOADS,
                this::apply, workers);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    private void apply(IncomingEvent event) {
        switch (event.type()) {
            case CUSTOMER_UPDATED -> changes.update(event.payloadAs(CustomerUpdated.class));
            case ADDRESS_ADDED -> changes.addAddress(event.payloadAs(AddressAdded.class));
            case ADDRESS_CHANGED -> changes.changeAddress(event.payloadAs(AddressChanged.class));
            case ADDRESS_REMOVED -> changes.removeAddress(event.payloadAs(AddressRemoved.class));
            case TRANSACTION_RECORDED -> transactions.receive(event.payloadAs(TransactionRecorded.class));
            default -> throw new PoisonEventException("hq-service does not take " + event.type().ceType() + " uploads");
        }
    }

    /**
     * Stages the poll (numbering a few new customers in that transaction), then wakes the jobs, unless every
     * event of the poll was a new customer numbered here: then neither job has anything new (an order comes after
     * its customer's upload; one that came before, a dead-lettered upload replayed, waits for the jobs' sweep), and
     * on an idle pipeline their two transactions would run beside the sync event's way out.
     */
    void apply(List<IncomingEvent> events) {
        long created = events.stream().filter(e -> e.type() == EventType.CUSTOMER_CREATED).count();
        int numbered = created == 0 || created > inlineMax ? NOT_HERE : stagedAndNumberedHere(events);
        if (numbered == NOT_HERE) {
            stage(events, false);
        }
        if (numbered < events.size()) {
            jobs.workArrived();
        }
    }

    /**
     * A few new customers (an idle pipeline: one at a time) are numbered in the transaction that stages them,
     * recorded as a customer-sync run (EVENT): no hand-off to the job's thread, one commit; returns how many
     * were numbered, or {@link #NOT_HERE}, doing nothing, if customer-sync does not run CONTINUOUS, or if that
     * transaction failed (nothing of it kept): then the poll is staged alone and the job numbers its customers,
     * as it does a larger poll's.
     */
    private int stagedAndNumberedHere(List<IncomingEvent> events) {
        try {
            return jobs.find(HqJobs.CUSTOMER_SYNC).orElseThrow()
                    .runHere(() -> new JobRunner.Result(stage(events, true), 0))
                    .map(JobRunner.Result::processed).orElse(NOT_HERE);
        } catch (Exception e) {
            LOG.debugf("staging and numbering %d uploads in one transaction failed (%s); staged alone", events.size(),
                    e.toString());
            return NOT_HERE;
        }
    }

    /**
     * Applies the poll in one HQ transaction: new customers staged (one statement for those in a row), other
     * uploads applied in order; with {@code numberHere}, the staged customers are numbered in it too.
     *
     * @return how many customers were numbered
     */
    private int stage(List<IncomingEvent> events, boolean numberHere) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> staged = new ArrayList<>();
            List<StagedCustomers.Upload> uploads = new ArrayList<>();
            SealedUploads.Opener opener = sealed.opener(events.stream().map(IncomingEvent::payload).toList());
            for (IncomingEvent received : events) {
                IncomingEvent event = opened(received, opener);
                if (event == null) {
                    processed.firstDelivery(received.id(), NAME);
                    continue;
                }
                if (event.type() == EventType.CUSTOMER_CREATED) {
                    CustomerCreated created = event.payloadAs(CustomerCreated.class);
                    uploads.add(new StagedCustomers.Upload(event.id(), created));
                    staged.add(created.customerId());
                    continue;
                }
                stage(uploads); // in order: a later edit of the poll finds its customer staged
                if (processed.firstDelivery(event.id(), NAME)) {
                    apply(event);
                }
            }
            stage(uploads);
            return numberHere ? customerSync.numberStaged(staged) : 0;
        });
    }

    /** The event with its personal fields opened; null if it is sealed for an erased customer (dropped). */
    private IncomingEvent opened(IncomingEvent event, SealedUploads.Opener opener) {
        if (!(event.payload() instanceof SealableEvent payload) || payload.sealed() == null) {
            return event;
        }
        try {
            return opener.open(payload).map(open -> new IncomingEvent(event.id(), event.type(), event.source(),
                    event.time(), event.key(), open, event.record())).orElseGet(() -> {
                        LOG.infof("%s %s of erased customer %s refused: its data key is destroyed", event.type().ceType(),
                                event.id(), payload.customerId());
                        return null;
                    });
        } catch (IllegalArgumentException unopenable) {
            throw new PoisonEventException(unopenable.getMessage(), unopenable);
        }
    }

    /** New async customers of the poll, staged with one statement. */
    private void stage(List<StagedCustomers.Upload> uploads) {
        if (!uploads.isEmpty()) {
            staging.stageAll(uploads);
            uploads.clear();
        }
    }
}
