package io.customersync.channel.config;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses a start whose settings would let the purge of keys left unused delete a key a save still holds: a save
 * takes a key made ahead before it is {@code channel.pjob.keys-ahead-max-age} old and commits within the
 * transaction time-out or not at all, and the purge takes keys twice that age; so the time-out must not be longer
 * than the max age (decision 0018).
 */
@Singleton
public class KeysAheadAge {

    private final Duration maxAge;
    private final Duration transactionTimeout;

    public KeysAheadAge(ChannelConfig config,
            @ConfigProperty(name = "quarkus.transaction-manager.default-transaction-timeout", defaultValue = "60s")
            Duration transactionTimeout) {
        this.maxAge = config.pjob().keysAheadMaxAge();
        this.transactionTimeout = transactionTimeout;
    }

    void checkAtStart(@Observes StartupEvent event) {
        check(maxAge, transactionTimeout);
    }

    /** @throws IllegalStateException if the transaction time-out is longer than the keys' max age */
    static void check(Duration maxAge, Duration transactionTimeout) {
        if (transactionTimeout.compareTo(maxAge) > 0) {
            throw new IllegalStateException("channel.pjob.keys-ahead-max-age (" + maxAge + ") must not be shorter "
                    + "than quarkus.transaction-manager.default-transaction-timeout (" + transactionTimeout + "): a save "
                    + "could commit a customer whose key the purge of keys left unused already deleted");
        }
    }
}
