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
 * staged upload and history, and its erasure if any. The channel databases' part comes from
 * distribution-service.
 */
@ApplicationScoped
public class PersonalDataExport {

    /** HQ's part of an export. */
    public record HqPart(Master master, List<Address> addresses, Staging staging,
            CustomerErasures.Erasure erasure) {
    }

    /** The master customer's row (table {@code customer}). */
    public record Master(String accountNumber, UUID customerId, String originChannelId, String asyncCustomerNumber,
            String firstName, String lastName, String email, String phone, Map<String, String> attributes,
            Instant createdAt, long version, String mergedInto) {
    }

    /** An address of the master (table {@code customer_address}). */
    public record Address(long hqAddressId, UUID asyncAddressId, String street, String city, String state, String zip,
            String country, String purpose) {
    }

    /** The staged upload (table {@code async_customer_staging}) and its history ({@code staging_history}). */
    public record Staging(String status, String lastError, String heldReason, Instant receivedAt,
            CustomerCreated upload, List<StagedCustomers.HistoryEntry> history) {
    }

    private final PersonalDataErasure erasure;
    private final CustomerMaster master;
    private final StagedCustomers staging;
    private final CustomerErasures erasures;

    public PersonalDataExport(PersonalDataErasure erasure, CustomerMaster master, StagedCustomers staging,
            CustomerErasures erasures) {
        this.erasure = erasure;
        this.master = master;
        this.staging = staging;
        this.erasures = erasures;
    }

    /**
     * @param reference an account number or a customer id
     * @throws UnknownCustomerException no master customer has it
     * @throws CustomerNotNumberedException it is not (yet) a master customer of its own
     */
    @Transactional
    public HqPart export(String reference, Predicate<String> visibleChannel) {
        Customer customer = erasure.customerOf(reference, visibleChannel);
        List<Address> addresses = master.addresses(customer.accountNumber).stream()
                .map(a -> new Address(a.id, a.asyncAddressId, a.street, a.city, a.state, a.zip, a.country, a.purpose))
                .toList();
        AsyncCustomerStaging row = staging.find(customer.customerId);
        Staging staged = row == null ? null : new Staging(row.status.name(), row.lastError, row.heldReason,
                row.receivedAt, row.upload(), staging.history(customer.customerId));
        Optional<CustomerErasures.Erasure> erased = erasures.find(customer.customerId);
        return new HqPart(new Master(customer.accountNumber, customer.customerId, customer.originChannelId,
                customer.asyncCustomerNumber, customer.firstName, customer.lastName, customer.email, customer.phone,
                customer.attributes, customer.createdAt, customer.version, customer.mergedInto), addresses, staged,
                erased.orElse(null));
    }
}
