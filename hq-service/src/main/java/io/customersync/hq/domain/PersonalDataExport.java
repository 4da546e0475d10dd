package io.customersync.hq.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.contracts.CustomerCreated;

/**
 * What HQ's database holds about one customer (docs/privacy.md): its master row and addresses, its
 * staged upload and history, and its erasure if any; and the same of each store customer HQ linked to
 * its account, or merged into it (the same person, as typed at another till: what erasure erases with
 * the account). The channel databases' part comes from distribution-service.
 */
@ApplicationScoped
public class PersonalDataExport {

    /**
     * HQ's part of an export; {@code possibleDuplicates}: every match HQ found between this customer and another, who
     * may be the same person (kept after an erasure, which closes them: the other customer is not erased with it).
     */
    public record HqPart(Master master, List<Address> addresses, Staging staging,
            CustomerErasures.Erasure erasure, List<Linked> linked, List<PossibleDuplicates.Involving> possibleDuplicates) {
    }

    /**
     * A store customer linked to the account (or to one merged into it): its staged upload as its store sent it,
     * its own master record and addresses if it had an account before it was merged ({@code null} and empty if
     * it was linked when staged), and its erasure if any.
     */
    public record Linked(UUID customerId, Master ownRecord, List<Address> ownAddresses, Staging staging,
            CustomerErasures.Erasure erasure) {
    }

    /** The master customer's row (table {@code customer}). */
    public record Master(String accountNumber, UUID customerId, String originChannelId, String asyncCustomerNumber,
            String firstName, String lastName, String email, String phone, Map<String, String> attributes,
            Instant createdAt, long version, String mergedInto) {
    }

    /** An address of the master (table {@code customer_address}). */
    /** {@code removedAt}: when its store removed it (it stays: sales name it); null while it is the customer's. */
    public record Address(long hqAddressId, UUID asyncAddressId, String street, String city, String state, String zip,
            String country, String purpose, java.time.Instant removedAt) {
    }

    /** The staged upload (table {@code async_customer_staging}) and its history ({@code staging_history}). */
    public record Staging(String status, String lastError, String heldReason, Instant receivedAt,
            CustomerCreated upload, List<StagedCustomers.HistoryEntry> history) {
    }

    private final PersonalDataErasure erasure;
    private final CustomerMaster master;
    private final CustomerLinks links;
    private final StagedCustomers staging;
    private final CustomerErasures erasures;
    private final PossibleDuplicates duplicates;

    public PersonalDataExport(PersonalDataErasure erasure, CustomerMaster master, CustomerLinks links,
            StagedCustomers staging, CustomerErasures erasures, PossibleDuplicates duplicates) {
        this.erasure = erasure;
        this.master = master;
        this.links = links;
        this.staging = staging;
        this.erasures = erasures;
        this.duplicates = duplicates;
    }

    /**
     * @param reference an account number or a customer id
     * @throws UnknownCustomerException no master customer has it
     * @throws CustomerNotNumberedException it is not (yet) a master customer of its own
     */
    @Transactional
    public HqPart export(String reference, Predicate<String> visibleChannel) {
        Customer customer = erasure.customerOf(reference, visibleChannel);
        List<Linked> linked = links.joined(customer.accountNumber).stream()
                .filter(id -> !id.equals(customer.customerId)).map(this::linked).toList();
        return new HqPart(master(customer), addresses(customer.accountNumber), staging(customer.customerId),
                erasures.find(customer.customerId).orElse(null), linked,
                duplicates.involving(customer.customerId, customer.accountNumber));
    }

    private Linked linked(UUID customerId) {
        Optional<Customer> own = Optional.ofNullable(master.findByCustomerId(customerId)); // merged: it had its own
        return new Linked(customerId, own.map(PersonalDataExport::master).orElse(null),
                own.map(c -> addresses(c.accountNumber)).orElse(List.of()), staging(customerId),
                erasures.find(customerId).orElse(null));
    }

    private static Master master(Customer customer) {
        return new Master(customer.accountNumber, customer.customerId, customer.originChannelId,
                customer.asyncCustomerNumber, customer.firstName, customer.lastName, customer.email, customer.phone,
                customer.attributes, customer.createdAt, customer.version, customer.mergedInto);
    }

    private List<Address> addresses(String accountNumber) {
        return master.addresses(accountNumber).stream()
                .map(a -> new Address(a.id, a.asyncAddressId, a.street, a.city, a.state, a.zip, a.country, a.purpose,
                        a.removedAt))
                .toList();
    }

    private Staging staging(UUID customerId) {
        AsyncCustomerStaging row = staging.find(customerId);
        return row == null ? null : new Staging(row.status.name(), row.lastError, row.heldReason, row.receivedAt,
                row.upload(), staging.history(customerId));
    }
}
