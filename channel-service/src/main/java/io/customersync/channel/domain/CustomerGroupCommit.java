package io.customersync.channel.domain;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.CustomerRegistration.NewAsync;
import io.customersync.channel.domain.CustomerRegistration.NumberedAtHq;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.messaging.FailureClassifier;
import io.customersync.messaging.GroupCommit;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Group commit for new customers ({@link GroupCommit}): a POST hands its customer over and waits; a
 * writer saves every customer waiting (up to {@code max-customers}) in one transaction, with one
 * statement per table and one commit. Async customers ({@link #save}: writers {@code group-commit:<n>})
 * and sync-mode customers HQ's real-time service numbered ({@link #saveSynced}: writers
 * {@code synced-group-commit:<n>}) each have their own writers, with the same {@code channel.group-commit.*}
 * settings. Alone, a customer is written at once; under load many POSTs share a commit (decision 0015:
 * {@code quiet}, {@code linger}, {@code linger-records}). A POST is answered only after its own
 * customer committed. If the database refuses a group for its data, each customer of it is saved
 * alone, so one bad customer fails only its own POST. A POST with an Idempotency-Key claims the key, and keeps
 * its answer, in the same transaction ({@link KeyedRequest}).
 */
@Singleton
public class CustomerGroupCommit {

    private final GroupCommit<NewAsync, Optional<Customer>> async;
    private final GroupCommit<NumberedAtHq, Optional<Customer>> synced;

    public CustomerGroupCommit(CustomerRegistration registration, ChannelConfig config, Workers workers) {
        this.async = new GroupCommit<>(PipelineConfig.groupCommit(config.groupCommit(), "group-commit", "async customers"),
                registration::saveAsync, FailureClassifier::isPoison, CustomerGroupCommit::notSaved, workers);
        this.synced = new GroupCommit<>(PipelineConfig.groupCommit(config.groupCommit(), "synced-group-commit",
                "sync-mode customers numbered by HQ"), registration::saveSynced, FailureClassifier::isPoison,
                CustomerGroupCommit::notSaved, workers);
    }

    private static TryLaterException notSaved(String why, Throwable cause) {
        return new TryLaterException("the channel database did not take the customer: " + why
                + "; nothing was saved, try again", cause);
    }

    /** Async customers handed over and not yet taken by a writer. */
    public int waiting() {
        return async.waiting();
    }

    void start(@Observes StartupEvent event) {
        async.start();
        synced.start();
    }

    void stop(@Observes ShutdownEvent event) {
        async.stop();
        synced.stop();
    }

    /**
     * Saves the customer as ASYNC (numbering it) together with whatever else is waiting.
     *
     * @param key the request's Idempotency-Key and answers, null without a key
     * @throws TryLaterException if no writer took it within {@code wait}: it was not saved
     * @throws KeyedRequest.TakenException if another try of the request claimed the key first: not saved
     */
    public Customer save(Customer customer, KeyedRequest key) {
        return async.write(new NewAsync(customer, key, CustomerCreation.Outcome.ASYNC))
                .orElseThrow(KeyedRequest.TakenException::new);
    }

    /**
     * Hands an async customer without an Idempotency-Key over without waiting ({@link CustomerCreation#handOver}):
     * the future completes once its group committed.
     */
    public CompletableFuture<Optional<Customer>> handOver(Customer customer) {
        return async.submit(new NewAsync(customer, null, CustomerCreation.Outcome.ASYNC));
    }

    /** Takes a customer handed over back if no writer took it yet (it fails with {@link TryLaterException}): true then. */
    public boolean withdraw(CompletableFuture<Optional<Customer>> handedOver) {
        return async.withdraw(handedOver);
    }

    /** How long a customer may wait for a writer ({@code channel.group-commit.wait}). */
    public Duration waitFor() {
        return async.waitFor();
    }

    /**
     * Saves a prepared customer HQ's real-time service has numbered, as SYNCED, together with whatever
     * else is waiting; a customer the 1010 job placed here first is answered as it is here.
     *
     * @return empty if another try of the request claimed the key first: not saved
     * @throws TryLaterException if no writer took it within {@code wait}: it was not saved
     */
    public Optional<Customer> saveSynced(Customer customer, CustomerSynchronized numbered, KeyedRequest key) {
        return synced.write(new NumberedAtHq(customer, numbered, key));
    }
}
