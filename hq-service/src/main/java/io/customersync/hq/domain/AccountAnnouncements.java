package io.customersync.hq.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.hq.messaging.HqOutbox;

/**
 * A version of an account's customer goes to every row of the person (docs/versions.md): its own store's row and
 * copies, and the rows of each store customer that joined the account (HQ linked it, or ops merged it into the account):
 * they are announced the account's customer at its version, marked {@code joined}, so that a store's row of a merged
 * or linked customer and its copies show what the account has (until 2026-12-06 they kept their own data, and an edit
 * made at one of them never came back to it: found by probing {@code ./run.sh}). Erased ones are not announced.
 */
@ApplicationScoped
public class AccountAnnouncements {

    private final HqOutbox outbox;
    private final CustomerLinks links;
    private final StagedCustomers staging;
    private final CustomerErasures erasures;

    public AccountAnnouncements(HqOutbox outbox, CustomerLinks links, StagedCustomers staging,
            CustomerErasures erasures) {
        this.outbox = outbox;
        this.links = links;
        this.staging = staging;
        this.erasures = erasures;
    }

    /**
     * The account's customer at its current version, with all its addresses, to its rows and its joined customers' (a
     * few queries whatever their number: an account's version is a cold path, numbering does not come here).
     */
    public void announce(Customer account, List<CustomerAddress> addresses, Instant at) {
        CustomerSynchronized announced = AsyncCustomerSynchronizer.announcement(account, addresses, at);
        List<CustomerSynchronized> all = new ArrayList<>(List.of(announced));
        List<UUID> joined = links.joined(account.accountNumber);
        Set<UUID> erased = erasures.erasedOf(joined);
        for (StagedCustomers.Identity customer : staging.identities(joined)) {
            if (!erased.contains(customer.customerId())) {
                all.add(new CustomerSynchronized(customer.customerId(), customer.channelId(),
                        customer.asyncCustomerNumber(), account.accountNumber, announced.addresses(), at,
                        announced.customer(), null, account.version, null, true));
            }
        }
        outbox.customersSynchronized(all);
    }
}
