package io.customersync.channel.domain;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.messaging.BatchLinger;
import io.customersync.messaging.FailureClassifier;
import io.customersync.messaging.GroupCommit;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Group commit for async customers ({@link GroupCommit}): a POST hands its customer over and waits;
 * each writer saves every customer waiting (up to {@code max-customers}) in one transaction, with one
 * statement per table and one commit ({@link CustomerRegistration#saveAsync}). Alone, a customer is
 * written at once; under load many POSTs share a commit (decision 0015: {@code quiet}, {@code linger},
 * {@code linger-records}). A POST is answered only after its own customer committed: a 201 is as
 * durable as before. If the database refuses a group for its data, each customer of it is saved
 * alone, so one bad customer fails only its own POST. Writers: {@code group-commit:<n>}.
 */
@Singleton
public class AsyncCustomerGroupCommit {

    private final GroupCommit<Customer, Customer> groupCommit;

    @Inject
    public AsyncCustomerGroupCommit(CustomerRegistration registration, ChannelConfig config, Workers workers) {
        this(registration, config.groupCommit().writers(), config.groupCommit().maxCustomers(),
                config.groupCommit().waitFor(), config.groupCommit().stopGrace(),
                PipelineConfig.batching(config.groupCommit()), workers);
    }

    AsyncCustomerGroupCommit(CustomerRegistration registration, int writerCount, int maxCustomers, Duration wait,
            Duration stopGrace, BatchLinger batching, Workers workers) {
        groupCommit = new GroupCommit<>(new GroupCommit.Settings("group-commit", "async customers", writerCount,
                maxCustomers, wait, stopGrace, batching), registration::saveAsync, FailureClassifier::isPoison,
                (why, cause) -> new TryLaterException("the channel database did not take the customer: " + why
                        + "; nothing was saved, try again", cause), workers);
    }

    /** Customers handed over and not yet taken by a writer. */
    public int waiting() {
        return groupCommit.waiting();
    }

    void start(@Observes StartupEvent event) {
        groupCommit.start();
    }

    void stop(@Observes ShutdownEvent event) {
        groupCommit.stop();
    }

    /**
     * Saves the customer as ASYNC (numbering it) together with whatever else is waiting.
     *
     * @throws TryLaterException if no writer took it within {@code wait}: it was not saved
     */
    public Customer save(Customer customer) {
        return groupCommit.write(customer);
    }
}
