package io.customersync.hq.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;

/**
 * Ops decided a flagged customer, numbered on its own, is the customer of another account: its own account is merged
 * into that one (docs/duplicates.md). Everything the merged account held goes with it, so that every link points at a
 * live account: its addresses, every match key it holds, and the store customers that had joined it before (linked to
 * it, or merged into it themselves): they are given the account it joins, and their stores and copies are told.
 */
@ApplicationScoped
public class AccountMerges {

    private final AsyncCustomerSynchronizer synchronizer;
    private final CustomerMaster master;
    private final CustomerLinks links;
    private final StagedCustomers staging;
    private final DuplicatePolicy duplicates;
    private final CustomerErasures erasures;
    private final HqOutbox outbox;
    private final PossibleDuplicates possibleDuplicates;

    public AccountMerges(AsyncCustomerSynchronizer synchronizer, CustomerMaster master, CustomerLinks links,
            StagedCustomers staging, DuplicatePolicy duplicates, CustomerErasures erasures, HqOutbox outbox,
            PossibleDuplicates possibleDuplicates) {
        this.possibleDuplicates = possibleDuplicates;
        this.synchronizer = synchronizer;
        this.master = master;
        this.links = links;
        this.staging = staging;
        this.duplicates = duplicates;
        this.erasures = erasures;
        this.outbox = outbox;
    }

    /**
     * Merges the staged customer's own account (its row locked by the caller's transaction) into {@code accountNumber}:
     * its own account is marked merged (kept: numbers are never reused), and the channels learn the account number
     * that replaces the old one.
     */
    public CustomerSynchronized merge(AsyncCustomerStaging row, String accountNumber) {
        String own = row.accountNumber;
        // the staged rows of the customers that joined it first, in the order every change of a customer takes them
        links.joined(own).forEach(staging::locked);
        // both rows locked in account-number order, as every merge takes them: two merges never deadlock
        boolean ownFirst = own.compareTo(accountNumber) < 0;
        Customer first = master.locked(ownFirst ? own : accountNumber);
        Customer second = master.locked(ownFirst ? accountNumber : own);
        Customer target = ownFirst ? second : first;
        if (target == null || own.equals(accountNumber)) {
            throw new SyncRefusedException("no other customer " + accountNumber + " to merge into");
        }
        if (erasures.erased(target.customerId)) {
            throw new SyncRefusedException("account " + accountNumber + " was erased: nothing to merge into");
        }
        if (target.mergedInto != null) {
            throw new SyncRefusedException("account " + accountNumber + " was merged into " + target.mergedInto
                    + ": merge into that one");
        }
        Customer merged = ownFirst ? first : second;
        if (!merged.customerId.equals(row.customerId) || merged.mergedInto != null) {
            // a flag raised before 2026-12-06 for a customer whose own account was merged since (V22 closed those)
            throw new SyncRefusedException("account " + own + " is not this customer's own (it joined it, or its own "
                    + "was merged since): nothing of its own to merge");
        }
        List<CustomerAddress> addresses = master.addresses(own);
        MatchRules.Profile profile = merged.profile(addresses);
        MatchRules.Profile targetBefore = target.profile(master.addresses(accountNumber));
        duplicates.moveAll(own, accountNumber);
        master.moveAddresses(own, accountNumber);
        merged.mergedInto = accountNumber;
        CustomerVersions.changed(merged);
        master.save(merged);
        // the account's versions go to the rows of the merged customer and of those that follow it, which knew versions
        // of their own records (or of the merged account): the account's next one must be newer than any of those
        long newest = merged.version;
        // (one linked after the first read of them has its staged row locked late: rarely, a deadlock PostgreSQL breaks)
        for (UUID joined : links.moveAll(own, accountNumber)) {
            newest = Math.max(newest, follow(staging.locked(joined), own, accountNumber));
        }
        target.version = Math.max(target.version, newest); // saved with its next version below
        links.link(row.customerId, accountNumber);
        synchronizer.markSynced(row, accountNumber, "merged " + own + " into " + accountNumber);
        possibleDuplicates.followMerge(own, accountNumber); // the queue offers no merged account
        // the customer as its own record had it (its addresses, now the account's), so that its copies in the address
        // book take the new number too
        CustomerSynchronized synced = AsyncCustomerSynchronizer.announcement(merged, addresses, row.syncedAt,
                accountNumber, own);
        outbox.customerSynchronized(synced);
        List<String> filled = CustomerVersions.takeWhatOnlyItHad(target, merged);
        List<CustomerAddress> targetAddresses = master.addresses(accountNumber);
        MatchRules.Profile targetAfter = target.profile(targetAddresses);
        if (!filled.isEmpty()) { // new keys of the account's own (its names with the e-mail or phone it took)
            duplicates.remember(List.of(accountNumber), List.of(targetAfter));
        }
        // what the merged customer brought may match a third account (ops merged it elsewhere than its match): listed
        for (MatchRules.Profile now : List.of(profile, targetAfter)) {
            duplicates.findAfterEdit(accountNumber, targetBefore, now)
                    .ifPresent(match -> possibleDuplicates.record(target.customerId, match));
        }
        // the account's next version (it may have the merged customer's addresses, or what only it had, now), to its
        // rows and to those of every customer that joined it: the merged customer's store shows the account from now on
        synchronizer.announceChanged(target, targetAddresses);
        return synced;
    }

    /**
     * A store customer that had joined the merged account {@code from} is given {@code to}: its staged row points there
     * (its store's edits and orders go there), its own record if it had one (merged into {@code from} before) is marked
     * merged into {@code to} as its next version, and its store and the copies of it take the new account number
     * ({@code replacesAccountNumber}). An erased one is moved and not announced: nothing of it is sent again.
     *
     * @return the version of its own record (0 for none): its rows may have it
     */
    private long follow(AsyncCustomerStaging row, String from, String to) {
        row.accountNumber = to;
        staging.save(row);
        staging.record(row.customerId, StagingStatus.SYNCED.name(), "its account " + from + " merged into " + to);
        Customer record = master.lockedOwnRecord(row.customerId);
        if (record != null && from.equals(record.mergedInto)) {
            record.mergedInto = to;
            CustomerVersions.changed(record);
            master.save(record);
        } else {
            record = null; // linked: it has no record of its own
        }
        long version = record == null ? 0 : record.version;
        if (erasures.erased(row.customerId)) {
            return version;
        }
        Set<UUID> its = row.upload().addresses().stream().map(AsyncAddress::asyncAddressId).collect(Collectors.toSet());
        List<CustomerAddress> addresses = master.addresses(to).stream().filter(a -> its.contains(a.asyncAddressId))
                .toList();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        outbox.customerSynchronized(record != null
                ? AsyncCustomerSynchronizer.announcement(record, addresses, now, to, from)
                : new CustomerSynchronized(row.customerId, row.channelId, row.asyncCustomerNumber, to,
                        addresses.stream().map(a -> new SyncedAddress(a.asyncAddressId, a.id)).toList(), now, null, from,
                        null));
        return version;
    }
}
