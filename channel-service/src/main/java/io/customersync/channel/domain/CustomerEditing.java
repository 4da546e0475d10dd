package io.customersync.channel.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.channel.messaging.ChannelOutbox;
import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AddressChanged;
import io.customersync.contracts.AddressRemoved;
import io.customersync.contracts.CustomerUpdated;

/**
 * Edits customers (the channel's own, and copies of its address book's customers), adds and changes addresses
 * (of its own), async and synced alike, offline-first: the change, its
 * upload event and its storefront webhook event ({@code customer.changed}) commit together; the
 * P-job sends them to HQ in order after the customer's creation (same Kafka key). A FAILED customer
 * becomes ASYNC again: HQ re-evaluates it with the edit by itself.
 */
@ApplicationScoped
public class CustomerEditing {

    /**
     * The most addresses a customer may have at its store (ten may come with its creation). HQ announces a customer
     * with all its addresses in one record, which Kafka bounds (1 MB): measured on ./run.sh (2026-12-06), 310 bytes
     * per address of a till's usual length, 1,380 per address whose every field is as long as it may be in two-byte
     * letters (31.6 and 138 KB for 100): about 3,300 and 750 addresses would pass it (fewer in three-byte scripts).
     * Without a bound one customer's announcement could pass it (held every announcement after it until 2026-12-06;
     * now set aside by HQ's relay, the customer's last version never reaching its stores).
     */
    public static final int MAX_ADDRESSES = 100;

    /** Addresses a customer may have had, removed ones included (they stay, and travel in HQ's record): 140 KB at most. */
    public static final int MAX_ADDRESS_ROWS = 300;

    private final Customers customers;
    private final ChannelOutbox outbox;
    private final WebhookDeliveries webhooks;

    public CustomerEditing(Customers customers, ChannelOutbox outbox, WebhookDeliveries webhooks) {
        this.customers = customers;
        this.outbox = outbox;
        this.webhooks = webhooks;
    }

    /**
     * Edits a customer the channel sees: its own, or a copy of another store's customer of its address
     * book. Saved here at once; uploaded as an edit of the fields given, based on the HQ version the row
     * has (docs/versions.md), and HQ's resulting customer comes back to every channel database.
     */
    @Transactional
    public Customer edit(String channelId, UUID customerId, CustomerEdit request) {
        return edit(channelId, customerId, request, customer -> true);
    }

    /**
     * {@link #edit}, made only if the customer, locked, is still the version the caller's edit is based on
     * ({@code current}); else a {@link CustomerChangedMeanwhileException} and nothing changed.
     */
    @Transactional
    public Customer edit(String channelId, UUID customerId, CustomerEdit request, Predicate<Customer> current) {
        Customer customer = customers.lockedForEdit(customerId);
        if (customer == null || !(customer.channelId.equals(channelId) || customer.distributed)) {
            throw new UnknownCustomerException(customerId);
        }
        customer.notErased();
        if (!current.test(customer)) {
            if (request.madeIn(customer)) {
                return customer; // its retry, the If-Match stale by then: made already, answered as it is (RFC 9110)
            }
            throw new CustomerChangedMeanwhileException(customerId);
        }
        List<String> changed = request.changedFields(); // an e-mail or phone removed is changed, to none
        if (request.firstName() != null) {
            customer.firstName = request.firstName();
        }
        if (request.lastName() != null) {
            customer.lastName = request.lastName();
        }
        if (changed.contains(CustomerEdit.EMAIL)) {
            customer.email = request.email();
        }
        if (changed.contains(CustomerEdit.PHONE)) {
            customer.phone = request.phone();
        }
        if (request.attributes() != null) {
            customer.attributes = Map.copyOf(request.attributes());
        }
        customer.updatedAt = now();
        customer.resubmittedToHq();
        customers.save(customer); // before the webhook event, which reads the row
        outbox.customerUpdated(new CustomerUpdated(customer.id, channelId, customer.firstName,
                customer.lastName, customer.email, customer.phone, customer.attributes, customer.updatedAt,
                customer.hqVersion, changed));
        webhooks.customerChanged(customer);
        return customer;
    }

    @Transactional
    public Customer addAddress(String channelId, UUID customerId, NewAddress request) {
        Customer customer = lockedForAddresses(channelId, customerId);
        if (customer.liveAddresses().size() >= MAX_ADDRESSES) {
            throw new TooManyAddressesException();
        }
        if (customer.addresses.size() >= MAX_ADDRESS_ROWS) {
            throw new TooManyAddressesException(MAX_ADDRESS_ROWS);
        }
        // after the last one: positions need not be 0..n-1 (a row may have been placed by an earlier version)
        int next = customer.addresses.stream().mapToInt(a -> a.position).max().orElse(-1) + 1;
        CustomerAddress address = CustomerAddress.of(customer, next, request);
        customer.addresses.add(address);
        customer.updatedAt = now();
        customer.resubmittedToHq();
        customers.addAddress(address);
        customers.save(customer);
        outbox.addressAdded(new AddressAdded(customer.id, customer.channelId, address.toEvent(), customer.updatedAt));
        webhooks.customerChanged(customer);
        return customer;
    }

    /**
     * Changes an address of the channel's own customer (a customer who moved) to the one given, whole, if the
     * customer, locked, is still the version the caller's change is based on ({@code current}; else a
     * {@link CustomerChangedMeanwhileException}). Saved here at once and uploaded; HQ makes it the customer's next
     * version, which the copies take (the store's own row keeps what it was given). The same address again changes
     * nothing and sends nothing, whatever {@code current} says (a till's retry of a change made).
     */
    @Transactional
    public Customer changeAddress(String channelId, UUID customerId, UUID addressId, NewAddress request,
            Predicate<Customer> current) {
        Customer customer = lockedForAddresses(channelId, customerId);
        CustomerAddress address = addressOf(customer, addressId);
        if (address.removed()) {
            throw new NoSuchAddressException(customerId, addressId, true);
        }
        if (address.is(request)) {
            return customer; // a retry of a change made (its If-Match stale by then): answered as it is
        }
        if (!current.test(customer)) {
            throw new CustomerChangedMeanwhileException(customerId);
        }
        address.changeTo(request);
        customer.updatedAt = now();
        customer.resubmittedToHq();
        customers.changeAddress(address);
        customers.save(customer);
        outbox.addressChanged(new AddressChanged(customer.id, customer.channelId, address.toEvent(), customer.updatedAt));
        webhooks.customerChanged(customer);
        return customer;
    }

    /**
     * Removes an address of the channel's own customer: hidden here at once and uploaded; its row stays (sales and
     * orders name it), marked removed, and so it does at HQ and in the copies. Removed already, it is answered as it
     * is, nothing sent (a till's retry), whatever {@code current} says; else as {@link #changeAddress}.
     */
    @Transactional
    public Customer removeAddress(String channelId, UUID customerId, UUID addressId, Predicate<Customer> current) {
        Customer customer = lockedForAddresses(channelId, customerId);
        CustomerAddress address = addressOf(customer, addressId);
        if (address.removed()) {
            return customer;
        }
        if (!current.test(customer)) {
            throw new CustomerChangedMeanwhileException(customerId);
        }
        customer.updatedAt = now();
        address.removedAt = customer.updatedAt;
        customer.resubmittedToHq();
        customers.removeAddress(address);
        customers.save(customer);
        outbox.addressRemoved(new AddressRemoved(customer.id, customer.channelId, address.id, address.removedAt));
        webhooks.customerChanged(customer);
        return customer;
    }

    /** One of the customer's addresses (removed ones too), by its id. */
    private static CustomerAddress addressOf(Customer customer, UUID addressId) {
        return customer.addresses.stream().filter(a -> a.id.equals(addressId)).findFirst()
                .orElseThrow(() -> new NoSuchAddressException(customer.id, addressId, false));
    }

    /** The channel's own customer, locked, whose addresses a request changes (a copy's are changed at its store). */
    private Customer lockedForAddresses(String channelId, UUID customerId) {
        Customer customer = customers.lockedForEdit(customerId);
        if (customer != null && customer.distributed && !customer.channelId.equals(channelId)) {
            throw new AddressOfACopyException(customer.notErased().channelId); // an erased copy is gone here (410)
        }
        return lockedInChannel(channelId, customer, customerId);
    }

    /** The customer (locked so concurrent edits queue up and upload in the order they commit) if it is the channel's. */
    private static Customer lockedInChannel(String channelId, Customer customer, UUID customerId) {
        if (customer == null || !customer.channelId.equals(channelId)) {
            throw new UnknownCustomerException(customerId);
        }
        return customer.notErased();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
