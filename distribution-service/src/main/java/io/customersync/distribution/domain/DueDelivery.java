package io.customersync.distribution.domain;

import java.util.UUID;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;

/**
 * A delivery that is due now, with the attempts made so far: an account number ({@code event}), for
 * the origin channel only HQ's refusal or hold ({@code notSynced}), or an erasure ({@code erased},
 * docs/privacy.md); exactly one is set.
 */
public record DueDelivery(long id, UUID eventId, int attempts, CustomerSynchronized event,
        CustomerNotSynchronized notSynced, CustomerErased erased) {
}
