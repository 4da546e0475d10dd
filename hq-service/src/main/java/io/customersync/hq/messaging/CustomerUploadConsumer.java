package io.customersync.hq.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;


import io.customersync.contracts.AddressAdded;
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
 * after the till saved it. Sealed uploads are opened with the customer's data key first
 * ({@link SealedUploads}); one of an erased customer (its key destroyed) is dropped, and one whose key
 * has not arrived yet is retried, never dead-lettered.
 */
@Singleton
public class CustomerUploadConsumer {

    private static final String NAME = "customer-upload-consumer";
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
            case TRANSACTION_RECORDED -> transactions.receive(event.payloadAs(TransactionRecorded.class));
            default -> throw new PoisonEventException("hq-service does not take " + event.type().ceType() + " uploads");
        }
    }

    void apply(List<IncomingEvent> events) {
        List<UUID> staged = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            staged.clear(); // a retried transaction starts again
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
        });
        syncHere(staged);
        jobs.workArrived();
    }

    /**
     * A few new customers (an idle pipeline: one at a time) are numbered here, at once, instead of by
     * the job's thread after a hand-off; if that fails, the job's run, woken next, does it.
     */
    private void syncHere(List<UUID> staged) {
        if (staged.isEmpty() || staged.size() > inlineMax) {
            return;
        }
        try {
            jobs.find(HqJobs.CUSTOMER_SYNC).orElseThrow().runHere(() -> customerSync.syncStaged(staged));
        } catch (Exception e) {
            LOG.debugf("numbering %d staged customers here failed (%s); the customer-sync job does it", staged.size(),
                    e.toString());
        }
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
