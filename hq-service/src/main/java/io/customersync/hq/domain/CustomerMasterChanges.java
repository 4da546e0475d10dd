package io.customersync.hq.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AddressChanged;
import io.customersync.contracts.AddressRemoved;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.messaging.PoisonEventException;

/**
 * Edits and new addresses uploaded by the channels. For a customer still waiting in staging they
 * change what will be synced (a FAILED one is PENDING again: HQ retries it by itself); for a synced customer they change the customer master, and a new
 * address gets its HQ address id, announced to the channels.
 */
@ApplicationScoped
public class CustomerMasterChanges {

    private final AccountAnnouncements announcements;
    private final DuplicatePolicy duplicates;
    private final StagedCustomers staging;
    private final CustomerMaster master;
    private final CustomerErasures erasures;
    private final PossibleDuplicates possibleDuplicates;

    public CustomerMasterChanges(AccountAnnouncements announcements, DuplicatePolicy duplicates, StagedCustomers staging,
            CustomerMaster master, CustomerErasures erasures, PossibleDuplicates possibleDuplicates) {
        this.possibleDuplicates = possibleDuplicates;
        this.erasures = erasures;
        this.announcements = announcements;
        this.duplicates = duplicates;
        this.staging = staging;
        this.master = master;
    }

    /**
     * A channel's edit (the customer's own store, or another store of its address book holding a
     * copy): while the customer waits in staging, the fields it changed replace the staged ones; once
     * it is in the master, {@link CustomerVersions} applies it under HQ's rule and, if anything
     * changed, the new version goes to every channel database of the customer, the editing store's
     * included. An edit that changes nothing at HQ announces nothing: the store gets the current
     * version HQ announced already.
     */
    public void update(CustomerUpdated update) {
        AsyncCustomerStaging row = staged(update.customerId());
        Customer customer = lockedAccount(row);
        if (refusedAsErased(row)) {
            return;
        }
        CustomerCreated staged = row.upload();
        row.restage(new CustomerCreated(staged.customerId(), staged.channelId(), staged.asyncCustomerNumber(),
                update.changed("firstName") ? update.firstName() : staged.firstName(),
                update.changed("lastName") ? update.lastName() : staged.lastName(),
                update.changed("email") ? update.email() : staged.email(),
                update.changed("phone") ? update.phone() : staged.phone(), staged.addresses(),
                update.changed("attributes") ? update.attributes() : staged.attributes(), staged.createdAt()));
        retryIfFailed(row);
        staging.save(row);
        if (customer != null) {
            MatchRules.Profile before = profileOf(customer);
            // a customer linked or merged into another account: until its row shows the account (one of the account's
            // versions, each newer than any of its own record's), its row had its own data and versions: its edit is
            // applied as it comes, its attributes added to the account's
            boolean joined = !customer.customerId.equals(update.customerId());
            boolean showsAccount = !joined || update.baseVersion() != null
                    && update.baseVersion() > ownRecordVersion(update.customerId());
            CustomerUpdated edit = showsAccount ? update : CustomerVersions.keysAdded(customer, update);
            if (CustomerVersions.applyEdit(customer, edit, showsAccount ? update.baseVersion() : null).isEmpty()) {
                return;
            }
            announceChange(customer, before);
        }
    }

    public void addAddress(AddressAdded added) {
        AsyncCustomerStaging row = staged(added.customerId());
        Customer customer = lockedAccount(row);
        if (refusedAsErased(row)) {
            if (customer != null) { // its id only, as erasure left the others: a sale may name it (statement posting)
                master.addErasedAddress(customer.accountNumber, added.address().asyncAddressId(), added.address().purpose());
            }
            return;
        }
        CustomerCreated staged = row.upload();
        if (staged.addresses().stream().anyMatch(a -> a.asyncAddressId().equals(added.address().asyncAddressId()))) {
            return;
        }
        List<AsyncAddress> addresses = new ArrayList<>(staged.addresses());
        addresses.add(added.address());
        restage(row, addresses);
        if (customer != null) {
            MatchRules.Profile before = profileOf(customer);
            master.addAddress(row.accountNumber, added.address());
            CustomerVersions.changed(customer);
            master.save(customer);
            MatchRules.Profile after = profileOf(customer);
            flagIfNowADuplicate(customer, before, after);
            duplicates.remember(List.of(customer.accountNumber), List.of(after));
            announce(customer);
        }
    }

    /**
     * A store's change of an address of its own customer (a customer who moved): written over the address of that id,
     * staged or in the master, where it keeps its place and its HQ address id; in the master it is the customer's next
     * version, its match keys moved (the old address no longer matches), unless nothing changed (no version, as for an
     * edit). An id the master does not hold yet (its addition dead-lettered) is added.
     */
    public void changeAddress(AddressChanged changed) {
        AsyncCustomerStaging row = staged(changed.customerId());
        Customer customer = lockedAccount(row);
        if (refusedAsErased(row)) {
            return;
        }
        AsyncAddress address = changed.address();
        List<AsyncAddress> addresses = new ArrayList<>(row.upload().addresses());
        addresses.replaceAll(a -> a.asyncAddressId().equals(address.asyncAddressId()) && !a.wasRemoved() ? address : a);
        if (addresses.stream().noneMatch(a -> a.asyncAddressId().equals(address.asyncAddressId()))) {
            addresses.add(address);
        }
        restage(row, addresses);
        if (customer != null) {
            List<CustomerAddress> held = master.addresses(customer.accountNumber);
            CustomerAddress current = held(held, address.asyncAddressId());
            if (current != null && (current.removed() || current.toAsyncAddress().equals(address)
                    || current.changedAt != null && !changed.changedAt().isAfter(current.changedAt))) {
                return; // removed for good, nothing changed, or an older change replayed after a newer one: no version
            }
            if (current == null && master.hasAddress(address.asyncAddressId())) {
                throw new PoisonEventException("address " + address.asyncAddressId() + " is another account's");
            }
            MatchRules.Profile before = customer.profile(held);
            if (current == null) {
                master.addAddress(customer.accountNumber, address);
            } else {
                master.changeAddress(customer.accountNumber, address, changed.changedAt());
            }
            CustomerVersions.changed(customer);
            announceChange(customer, before);
        }
    }

    /**
     * A store's removal of an address of its own customer: it stays where it is, marked removed (sales and orders name
     * it; the stores place addresses by HQ's list), in staging and in the master, where it is the customer's next
     * version and no longer matches anyone. Removed already, or never held here (its addition dead-lettered): no version.
     */
    public void removeAddress(AddressRemoved removed) {
        AsyncCustomerStaging row = staged(removed.customerId());
        Customer customer = lockedAccount(row);
        if (refusedAsErased(row)) {
            return;
        }
        List<AsyncAddress> addresses = new ArrayList<>(row.upload().addresses());
        addresses.replaceAll(a -> a.asyncAddressId().equals(removed.asyncAddressId()) ? a.asRemoved() : a);
        // not held (its addition dead-lettered): a blank tombstone, so that the addition replayed later adds nothing
        AsyncAddress tombstone = new AsyncAddress(removed.asyncAddressId(), "-", "-", null, "-", "ZZ", "HOME", true);
        if (addresses.stream().noneMatch(a -> a.asyncAddressId().equals(removed.asyncAddressId()))) {
            addresses.add(tombstone);
        }
        restage(row, addresses);
        if (customer != null) {
            List<CustomerAddress> held = master.addresses(customer.accountNumber);
            CustomerAddress current = held(held, removed.asyncAddressId());
            if (current == null && !master.hasAddress(removed.asyncAddressId())) {
                master.addAddress(customer.accountNumber, tombstone); // no version: no store holds it but its own
            }
            if (current == null || current.removed()) {
                return;
            }
            MatchRules.Profile before = customer.profile(held);
            master.removeAddress(customer.accountNumber, removed.asyncAddressId(), removed.removedAt());
            CustomerVersions.changed(customer);
            announceChange(customer, before);
        }
    }

    private static CustomerAddress held(List<CustomerAddress> addresses, java.util.UUID asyncAddressId) {
        return addresses.stream().filter(a -> a.asyncAddressId.equals(asyncAddressId)).findFirst().orElse(null);
    }

    /** The staged upload with these addresses (what numbering or a re-sync sends), retried if HQ had refused it. */
    private void restage(AsyncCustomerStaging row, List<AsyncAddress> addresses) {
        CustomerCreated staged = row.upload();
        row.restage(new CustomerCreated(staged.customerId(), staged.channelId(), staged.asyncCustomerNumber(),
                staged.firstName(), staged.lastName(), staged.email(), staged.phone(), addresses, staged.attributes(),
                staged.createdAt()));
        retryIfFailed(row);
        staging.save(row);
    }

    /**
     * Saves a change of a customer of the master (its next version), moves its match keys from what it was
     * ({@code before}) to what it is, lists it for review if it is now the same person as another account, and
     * announces it to the channels.
     */
    private void announceChange(Customer customer, MatchRules.Profile before) {
        master.save(customer);
        MatchRules.Profile after = profileOf(customer);
        flagIfNowADuplicate(customer, before, after);
        duplicates.move(customer.accountNumber, before, customer.accountNumber, after);
        announce(customer);
    }

    /** The same person as another account now (docs/duplicates.md): listed for review, as a creation is. */
    private void flagIfNowADuplicate(Customer customer, MatchRules.Profile before, MatchRules.Profile after) {
        duplicates.findAfterEdit(customer.accountNumber, before, after)
                .ifPresent(match -> possibleDuplicates.record(customer.customerId, match));
    }

    /**
     * The account of a synced staged customer (its own, or the one it was linked or merged into), its row locked
     * first, so that an erasure of the account that has not committed yet is waited for; null while the customer
     * waits in staging (a store's edit never makes it SYNCED).
     */
    private Customer lockedAccount(AsyncCustomerStaging row) {
        return row.status == StagingStatus.SYNCED ? master.locked(row.accountNumber) : null;
    }

    /**
     * An erased customer (docs/privacy.md) is never revived: an edit or address made at a store before
     * the erasure reached it, or replayed, changes nothing; its history says so (no data). The same holds
     * for an edit of a store's customer HQ linked to (or merged into) the erased account.
     */
    private boolean refusedAsErased(AsyncCustomerStaging row) {
        if (!erasures.erased(row.customerId, row.accountNumber)) {
            return false;
        }
        staging.record(row.customerId, "REFUSED", "change of an erased customer");
        return true;
    }

    /**
     * A store edit of a customer HQ refused re-stages it: PENDING again, for the customer-sync job to
     * try with the new data (no ops retry needed); refused again, the channel hears why again.
     */
    private void retryIfFailed(AsyncCustomerStaging row) {
        if (row.status == StagingStatus.FAILED) {
            row.status = StagingStatus.PENDING;
            row.lastError = null;
            staging.record(row.customerId, "RETRY", "edited at the channel");
        }
    }

    /** The version of the customer's own record (one merged into another account), 0 if it has none (linked). */
    private long ownRecordVersion(java.util.UUID customerId) {
        Customer own = master.findByCustomerId(customerId);
        return own == null ? 0 : own.version;
    }

    private MatchRules.Profile profileOf(Customer customer) {
        return customer.profile(master.addresses(customer.accountNumber));
    }

    /**
     * Edits synced at HQ reach the channels the same way as the account number did, with the new version, and the
     * rows of the customers that joined the account.
     */
    private void announce(Customer customer) {
        announcements.announce(customer, master.addresses(customer.accountNumber),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private AsyncCustomerStaging staged(java.util.UUID customerId) {
        AsyncCustomerStaging row = staging.locked(customerId);
        if (row == null) {
            throw new PoisonEventException("customer " + customerId + " was never uploaded to HQ");
        }
        return row;
    }
}
