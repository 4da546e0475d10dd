package io.customersync.hq.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerErased;
import io.customersync.hq.messaging.HqOutbox;

/**
 * Erases a customer's personal data at HQ, at ops' request (docs/privacy.md), in one transaction: the
 * master customer becomes an anonymous customer (account number, customer id and address ids stay, so
 * sales, orders and statements still add up), its match keys go, its staged upload is blanked, its
 * stored outbox events are purged, its data keys are destroyed (every sealed record of it, on any topic,
 * is unreadable from then on; decision 0014), the erasure is recorded (ids and the request, no erased data) and a
 * {@link CustomerErased} event at the customer's next version goes to every channel database of its
 * address book. Asking again answers the erasure made the first time and changes nothing.
 */
@ApplicationScoped
public class PersonalDataErasure {

    /** The erasure, and whether this call made it (false: it was made before). */
    public record Outcome(CustomerErasures.Erasure erasure, boolean erasedNow) {
    }

    private final CustomerMaster master;
    private final CustomerLinks links;
    private final StagedCustomers staging;
    private final CustomerMatchKeys matchKeys;
    private final CustomerErasures erasures;
    private final HqOutbox outbox;
    private final AccountAnnouncements announcements;
    private final CustomerDataKeys keys;
    private final DuplicatePolicy duplicates;
    private final PossibleDuplicates possibleDuplicates;

    public PersonalDataErasure(CustomerMaster master, CustomerLinks links, StagedCustomers staging, CustomerMatchKeys matchKeys,
            CustomerErasures erasures, HqOutbox outbox, CustomerDataKeys keys, DuplicatePolicy duplicates,
            PossibleDuplicates possibleDuplicates, AccountAnnouncements announcements) {
        this.announcements = announcements;
        this.possibleDuplicates = possibleDuplicates;
        this.keys = keys;
        this.duplicates = duplicates;
        this.master = master;
        this.links = links;
        this.staging = staging;
        this.matchKeys = matchKeys;
        this.erasures = erasures;
        this.outbox = outbox;
    }

    /**
     * @param reference an account number or a customer id
     * @throws UnknownCustomerException no master customer has it
     * @throws CustomerNotNumberedException the customer is not (yet) a customer of its own in the master
     */
    @Transactional
    public Outcome erase(String reference, Predicate<String> visibleChannel, String requestReference,
            String requestedBy) {
        Customer found = customerOf(reference, visibleChannel);
        // the store customers HQ linked (or merged) to this account are the same person: erased with it
        List<UUID> linked = links.joined(found.accountNumber);
        // locked and read again first: of two requests at once, the second waits and finds the first's erasure;
        // the staged rows before it, in the order every change of a customer takes them (no deadlock with an edit)
        AsyncCustomerStaging staged = staging.locked(found.customerId);
        linked.forEach(staging::locked);
        Customer customer = master.locked(found.accountNumber);
        var done = erasures.find(customer.customerId);
        if (done.isPresent()) {
            // asked again: the first erasure stands; a store customer that joined the account since and was not erased
            // with it (one V22 moved here from an account merged into it, docs/privacy.md) is erased now
            linked.forEach(id -> eraseLinked(id, done.get()));
            return new Outcome(done.get(), false);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (customer.mergedInto != null) { // before its staged upload is blanked: that lists the addresses it brought
            forgetAddressesBroughtTo(customer.mergedInto, staged, now);
        }
        anonymise(customer);
        master.save(customer);
        master.anonymiseAddresses(customer.accountNumber);
        matchKeys.forget(customer.accountNumber);
        blankStaging(customer.customerId);
        keys.forget(customer.customerId);
        CustomerErasures.Erasure erasure = new CustomerErasures.Erasure(customer.customerId, customer.accountNumber,
                requestReference, requestedBy, now, customer.version);
        erasures.record(erasure);
        possibleDuplicates.closeForErasure(customer.customerId, customer.accountNumber);
        outbox.customerErased(new CustomerErased(customer.customerId, customer.originChannelId,
                customer.asyncCustomerNumber, customer.accountNumber, customer.version, now));
        // and one linked while this waited for the account's row (its staged row locked late: rarely, a deadlock
        // PostgreSQL breaks, and the call is asked again)
        links.joined(customer.accountNumber).forEach(id -> eraseLinked(id, erasure));
        return new Outcome(erasure, true);
    }

    /**
     * A store's customer linked (or merged) to the erased account: its staged upload blanked, its keys destroyed,
     * its own merged record anonymised, the erasure recorded for it too (its later edits and uploads are refused)
     * and announced to its store and the copies of it, at the account's new version.
     */
    private void eraseLinked(UUID customerId, CustomerErasures.Erasure of) {
        AsyncCustomerStaging row = staging.locked(customerId);
        if (row == null || erasures.erased(customerId)) {
            return; // links are made from staged customers only; a merged one may have been erased on its own
        }
        Customer merged = master.lockedOwnRecord(customerId);
        long version = of.version();
        if (merged != null) {
            anonymise(merged);
            master.save(merged);
            version = merged.version;
        }
        blankStaging(customerId);
        keys.forget(customerId);
        erasures.record(new CustomerErasures.Erasure(customerId, of.accountNumber(), of.requestReference(),
                of.requestedBy(), of.erasedAt(), version));
        outbox.customerErased(new CustomerErased(customerId, row.channelId, row.asyncCustomerNumber,
                of.accountNumber(), version, of.erasedAt()));
    }

    /**
     * A customer merged into another account, erased on its own: the addresses it brought to that account keep their
     * ids and nothing else, its match keys are those of its addresses as they are now, and its next version goes to
     * every store (until 2026-12-05 they stayed there whole, and in its export).
     */
    private void forgetAddressesBroughtTo(String accountNumber, AsyncCustomerStaging row, Instant now) {
        Customer account = master.locked(accountNumber);
        if (row == null || account == null) {
            return;
        }
        List<UUID> brought = row.upload().addresses().stream().map(AsyncAddress::asyncAddressId).toList();
        MatchRules.Profile before = account.profile(master.addresses(accountNumber));
        if (brought.isEmpty() || master.anonymiseAddresses(accountNumber, brought) == 0) {
            return;
        }
        List<CustomerAddress> addresses = master.addresses(accountNumber);
        duplicates.move(accountNumber, before, accountNumber, account.profile(addresses));
        CustomerVersions.changed(account);
        master.save(account);
        announcements.announce(account, addresses, now);
    }

    /** The customer's own fields anonymous, at its next version, every field last changed by HQ. */
    private static void anonymise(Customer customer) {
        customer.firstName = CustomerErased.ANONYMOUS_FIRST_NAME;
        customer.lastName = CustomerErased.ANONYMOUS_LAST_NAME;
        customer.email = null;
        customer.phone = null;
        customer.attributes = Map.of();
        CustomerVersions.changed(customer);
        Map<String, String> changes = new HashMap<>();
        for (String field : io.customersync.contracts.CustomerUpdated.FIELDS) {
            changes.put(field, customer.version + " " + Customer.HQ);
        }
        customer.fieldChanges = changes;
    }

    /** The master customer an account number or customer id names (its own account), of a channel the caller sees. */
    public Customer customerOf(String reference, Predicate<String> visibleChannel) {
        UUID customerId = uuid(reference);
        Customer customer = customerId == null ? master.find(reference) : master.findByCustomerId(customerId);
        if (customer != null && visibleChannel.test(customer.originChannelId)) {
            return customer;
        }
        AsyncCustomerStaging staged = customerId == null || customer != null ? null : staging.find(customerId);
        if (staged != null && visibleChannel.test(staged.channelId)) {
            throw new CustomerNotNumberedException(links.linkedAccount(customerId)
                    .map(account -> "customer " + customerId + " was linked to account " + account
                            + "; erase that account, or ask again once the link is undone")
                    .orElse("customer " + customerId + " has no account at HQ yet; erase it once HQ has decided"));
        }
        throw new UnknownCustomerException(reference);
    }

    /** The staged upload keeps its ids (a repeated upload finds it and stages nothing) and nothing else. */
    private void blankStaging(UUID customerId) {
        AsyncCustomerStaging row = staging.locked(customerId);
        if (row == null) {
            return;
        }
        CustomerCreated staged = row.upload();
        row.restage(new CustomerCreated(staged.customerId(), staged.channelId(), staged.asyncCustomerNumber(),
                CustomerErased.ANONYMOUS_FIRST_NAME, CustomerErased.ANONYMOUS_LAST_NAME, null, null,
                staged.addresses().stream().map(a -> new AsyncAddress(a.asyncAddressId(), "-", "-", null, "-", "ZZ",
                        a.purpose())).toList(), Map.of(), staged.createdAt()));
        row.lastError = null;
        row.heldReason = null;
        staging.save(row);
    }

    private static UUID uuid(String reference) {
        try {
            return reference.length() == 36 ? UUID.fromString(reference) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
