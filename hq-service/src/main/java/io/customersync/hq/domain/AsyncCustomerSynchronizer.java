package io.customersync.hq.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;

/**
 * "Synchronize customers and business partners from async mode": stages an uploaded async customer
 * and turns it into a customer of the master with an account number from the number sequence, in
 * the caller's transaction. The staged row is locked while it is synced, so one async customer gets
 * one account number however often, and by however many instances, its upload is seen.
 */
@ApplicationScoped
public class AsyncCustomerSynchronizer {

    private final HqDatabase database;
    private final CustomerRules rules;
    private final DuplicatePolicy duplicates;
    private final StagedCustomers staging;
    private final CustomerMaster master;
    private final CustomerLinks links;
    private final AccountWriter accounts;
    private final HqOutbox outbox;
    private final AccountAnnouncements announcements;
    private final PossibleDuplicates possibleDuplicates;
    private final CustomerErasures erasures;

    public AsyncCustomerSynchronizer(HqDatabase database, CustomerRules rules, DuplicatePolicy duplicates,
            StagedCustomers staging, CustomerMaster master, CustomerLinks links, AccountWriter accounts,
            HqOutbox outbox, PossibleDuplicates possibleDuplicates, CustomerErasures erasures,
            AccountAnnouncements announcements) {
        this.announcements = announcements;
        this.database = database;
        this.rules = rules;
        this.duplicates = duplicates;
        this.staging = staging;
        this.master = master;
        this.links = links;
        this.accounts = accounts;
        this.outbox = outbox;
        this.possibleDuplicates = possibleDuplicates;
        this.erasures = erasures;
    }

    /**
     * Gives a staged customer its account number (a new one, or an existing one under the LINK policy)
     * and announces it; a synced row is announced as it is.
     *
     * @return what the channel learns, or empty when the customer is held for an ops decision
     * @throws SyncRefusedException when HQ's rules refuse the customer as it is
     */
    public Optional<CustomerSynchronized> synchronize(AsyncCustomerStaging row) {
        if (row.status == StagingStatus.SYNCED) {
            return Optional.of(announcementOf(row));
        }
        if (row.heldReason != null) {
            return Optional.empty();
        }
        CustomerCreated upload = row.upload();
        rules.check(upload);
        Optional<DuplicatePolicy.Match> match = duplicates.find(upload);
        if (match.isPresent() && duplicates.policy() == DuplicatePolicy.Policy.HOLD) {
            row.heldReason = "possible duplicate of " + match.get().accountNumber() + " (rule " + match.get().rule() + ")";
            staging.save(row);
            staging.record(row.customerId, "HELD", row.heldReason);
            possibleDuplicates.record(row.customerId, match.get());
            // the channel learns it is held, not against whom (the matched account stays with ops)
            tellChannel(row, CustomerNotSynchronized.Status.ON_HOLD, CustomerNotSynchronized.POSSIBLE_DUPLICATE, List.of());
            return Optional.empty();
        }
        if (match.isPresent() && duplicates.policy() == DuplicatePolicy.Policy.LINK) {
            return Optional.of(link(row, match.get().accountNumber()));
        }
        CustomerSynchronized synced = createAccount(row, upload);
        match.ifPresent(m -> possibleDuplicates.record(row.customerId, m));
        return Optional.of(synced);
    }

    /**
     * HQ refused the staged customer (locked by the caller's transaction) as it is: FAILED with the
     * reason, and the channel is told the reason code and the names of the fields to fix. A store
     * edit re-stages it ({@link CustomerMasterChanges}) and the customer-sync job tries again.
     */
    public void refuse(AsyncCustomerStaging row, SyncRefusedException refused) {
        if (row.status != StagingStatus.PENDING) {
            return; // synced (or refused) meanwhile by another instance: its outcome stands
        }
        row.status = StagingStatus.FAILED;
        row.lastError = refused.getMessage();
        staging.save(row);
        staging.record(row.customerId, StagingStatus.FAILED.name(), refused.getMessage());
        tellChannel(row, CustomerNotSynchronized.Status.FAILED, refused.reasonCode(), refused.fieldsToFix());
    }

    private void tellChannel(AsyncCustomerStaging row, CustomerNotSynchronized.Status status, String reasonCode,
            List<String> fieldsToFix) {
        outbox.customerNotSynchronized(new CustomerNotSynchronized(row.customerId, row.channelId,
                row.asyncCustomerNumber, status, reasonCode, fieldsToFix, now()));
    }

    /** Ops decided a held possible duplicate is someone new: it gets its own account number. */
    public CustomerSynchronized synchronizeIgnoringDuplicates(AsyncCustomerStaging row) {
        CustomerCreated upload = row.upload();
        rules.check(upload);
        return createAccount(row, upload);
    }

    /**
     * Gives the staged customer an existing account number (LINK policy, or an ops decision); an account merged into
     * another since it was matched (or named) stands for the one it was merged into.
     */
    public CustomerSynchronized link(AsyncCustomerStaging row, String matchedAccount) {
        CustomerCreated upload = row.upload();
        // an account ops merged since: the one it is part of now (the merged one not locked: a merge locks it last)
        Customer named = master.find(matchedAccount);
        Customer existing = master.locked(named != null && named.mergedInto != null ? named.mergedInto : matchedAccount);
        if (existing != null && existing.mergedInto != null) { // merged while this waited for its row
            existing = master.locked(existing.mergedInto);
        }
        if (existing == null || existing.mergedInto != null) {
            throw new SyncRefusedException("no customer " + matchedAccount + " to link to");
        }
        if (erasures.erased(existing.customerId)) {
            throw new SyncRefusedException("account " + existing.accountNumber + " was erased: nothing to link to");
        }
        String accountNumber = existing.accountNumber;
        for (AsyncAddress async : upload.addresses()) {
            master.addAddress(accountNumber, async);
        }
        links.link(row.customerId, accountNumber);
        // what only the store typed (an e-mail or phone the account has none of, attribute keys it lacks) joins the
        // account: the linked customer's row shows the account from now on, and would lose it
        Customer typed = new Customer();
        typed.email = upload.email();
        typed.phone = upload.phone();
        typed.attributes = upload.attributes();
        CustomerVersions.takeWhatOnlyItHad(existing, typed);
        duplicates.remember(List.of(accountNumber), List.of(DuplicatePolicy.profileOf(upload)));
        markSynced(row, accountNumber, "linked to existing account " + accountNumber);
        CustomerSynchronized synced = announcementOf(row);
        outbox.customerSynchronized(synced);
        // the account's next version (it has the linked customer's addresses now), to the linked customer's row too:
        // its store shows the account's customer from now on
        announceChanged(existing);
        return synced;
    }

    /**
     * A change at HQ of a customer of the master (a link or merge decision): its next version, to every channel and
     * to the rows of the customers that joined it ({@link AccountAnnouncements}).
     */
    void announceChanged(Customer customer) {
        announceChanged(customer, master.addresses(customer.accountNumber));
    }

    /** As {@link #announceChanged(Customer)}, its addresses (all of them) read already. */
    void announceChanged(Customer customer, List<CustomerAddress> addresses) {
        CustomerVersions.changed(customer);
        master.save(customer);
        announcements.announce(customer, addresses, now());
    }

    /** Opens the customer's account the one way HQ does (the account writer), a chunk of one. */
    private CustomerSynchronized createAccount(AsyncCustomerStaging row, CustomerCreated upload) {
        // the row unchanged since it was read or saved (an ops decision saves its own change first)
        CustomerSynchronized synced = database.call("open an account",
                db -> accounts.openAccounts(db, List.of(upload))).get(0);
        staging.reload(row); // written by the account writer
        return synced;
    }

    void markSynced(AsyncCustomerStaging row, String accountNumber, String detail) {
        row.status = StagingStatus.SYNCED;
        row.accountNumber = accountNumber;
        row.syncedAt = now();
        row.lastError = null;
        staging.save(row);
        staging.record(row.customerId, StagingStatus.SYNCED.name(), detail);
    }

    /** What the channels learn of a synced staged customer, linked or not. */
    CustomerSynchronized announcementOf(AsyncCustomerStaging row) {
        Customer customer = master.find(row.accountNumber);
        if (customer.customerId.equals(row.customerId)) {
            return announcement(customer, master.addresses(customer.accountNumber), row.syncedAt);
        }
        List<UUID> ownAddresses = row.upload().addresses().stream().map(AsyncAddress::asyncAddressId).toList();
        List<SyncedAddress> addresses = master.addresses(row.accountNumber).stream()
                .filter(a -> ownAddresses.contains(a.asyncAddressId)).map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList();
        return new CustomerSynchronized(row.customerId, row.channelId, row.asyncCustomerNumber, row.accountNumber,
                addresses, row.syncedAt, null);
    }

    /**
     * What the channels learn of a customer of the master: its account number, every HQ address id
     * (of {@code addresses}, all of its addresses), the customer itself for the channels that hold a copy,
     * and its version (docs/versions.md).
     */
    static CustomerSynchronized announcement(Customer customer, List<CustomerAddress> addresses,
            Instant syncedAt) {
        return announcement(customer, addresses, syncedAt, customer.accountNumber, null);
    }

    /**
     * As {@link #announcement(Customer, List, Instant)} for a customer whose own record was merged: its channels and
     * copies are told the account it is part of now, {@code accountNumber}, which replaces {@code replaced}.
     */
    static CustomerSynchronized announcement(Customer record, List<CustomerAddress> addresses, Instant syncedAt,
            String accountNumber, String replaced) {
        return new CustomerSynchronized(record.customerId, record.originChannelId, record.asyncCustomerNumber,
                accountNumber, addresses.stream().map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList(),
                syncedAt, new CustomerSnapshot(record.firstName, record.lastName, record.email, record.phone,
                        record.attributes, addresses.stream().map(CustomerAddress::toAsyncAddress).toList()), replaced,
                record.version);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
